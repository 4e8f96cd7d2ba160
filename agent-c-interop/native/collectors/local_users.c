/* local_users.c - LocalUsersCollector: every user of <root>/etc/passwd with its primary group
 * first, then its supplementary groups from <root>/etc/group in file order, duplicates (by gid)
 * removed; names and ids ';'-separated in the same order. A primary gid without a group entry
 * is named by its number. Needs no privilege. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "account_files.h"
#include "buffer.h"
#include "collector.h"

#define FILE_LIMIT (16u << 20)
#define MAX_GROUPS_PER_USER 1024

typedef struct groups {
    account_entry_t *entries; /* owned, on the agent's allocator */
    size_t count, capacity;
} groups_t;

typedef struct users_run {
    sa_collector_t *collector;
    groups_t *groups;
    sa_buffer_t names, ids;
    uint32_t seen[MAX_GROUPS_PER_USER];
    size_t items;
    sa_status_t status;
} users_run_t;

static int count_group(const account_entry_t *entry, void *argument)
{
    (void)entry;
    ((groups_t *)argument)->capacity++;
    return 0;
}

static int keep_group(const account_entry_t *entry, void *argument)
{
    groups_t *groups = argument;
    if (groups->count < groups->capacity)
        groups->entries[groups->count++] = *entry;
    return 0;
}

static int has_member(const account_entry_t *group, const char *name, size_t length)
{
    size_t position = 0, member_length;
    const char *member;
    while (account_files_next_member(group->members, group->members_length, &position, &member, &member_length))
        if (member_length == length && memcmp(member, name, length) == 0)
            return 1;
    return 0;
}

/* Builds the item of one user. */
static int add_user(const account_entry_t *user, void *argument)
{
    users_run_t *run = argument;
    sa_collector_t *c = run->collector;
    size_t seen = 0;
    buffer_clear(&run->names);
    buffer_clear(&run->ids);
    const account_entry_t *primary = NULL;
    for (size_t i = 0; i < run->groups->count && primary == NULL; i++)
        if (run->groups->entries[i].id == user->group_id)
            primary = &run->groups->entries[i];
    if (primary != NULL)
        buffer_append(&run->names, primary->name, primary->name_length);
    else
        buffer_append_uint(&run->names, user->group_id);
    buffer_append_uint(&run->ids, user->group_id);
    run->seen[seen++] = user->group_id;
    for (size_t i = 0; i < run->groups->count && seen < MAX_GROUPS_PER_USER; i++) {
        const account_entry_t *group = &run->groups->entries[i];
        int known = 0;
        for (size_t k = 0; k < seen; k++)
            known |= run->seen[k] == group->id;
        if (known || !has_member(group, user->name, user->name_length))
            continue;
        run->seen[seen++] = group->id;
        buffer_append_char(&run->names, ';');
        buffer_append(&run->names, group->name, group->name_length);
        buffer_append_char(&run->ids, ';');
        buffer_append_uint(&run->ids, group->id);
    }
    if (run->names.failed || run->ids.failed) {
        run->status = collector_fail(c, SA_ERR_NO_MEMORY, "LocalUsers: out of memory");
        return 1;
    }
    char uid[16];
    int uid_length = snprintf(uid, sizeof uid, "%u", (unsigned)user->id);
    sa_status_t status = run->items++ == 0 ? SA_OK : sa_event_add_item(c->event);
    if (status == SA_OK)
        status = collector_set_text(c, "UserName", user->name, user->name_length);
    if (status == SA_OK)
        status = collector_set_text(c, "UserId", uid, (size_t)uid_length);
    if (status == SA_OK)
        status = collector_set_text(c, "GroupNames", run->names.data, run->names.length);
    if (status == SA_OK)
        status = collector_set_text(c, "GroupIds", run->ids.data, run->ids.length);
    run->status = status;
    return status != SA_OK;
}

static sa_status_t collect(sa_collector_t *c)
{
    char *passwd = NULL, *group = NULL;
    size_t passwd_length = 0, group_length = 0;
    groups_t groups = { 0 };
    users_run_t run = { .collector = c, .groups = &groups, .status = SA_OK };
    buffer_init(&run.names, c->allocator);
    buffer_init(&run.ids, c->allocator);
    sa_status_t status = SA_OK;

    int error = os_source_read_all(&c->os, c->allocator, "etc/passwd", FILE_LIMIT, &passwd, &passwd_length);
    if (error != 0) {
        status = collector_fail(c, error == -ENOMEM ? SA_ERR_NO_MEMORY : SA_ERR_IO,
                                "LocalUsers: snapshot failed: etc/passwd: %s", strerror(-error));
        goto cleanup;
    }
    error = os_source_read_all(&c->os, c->allocator, "etc/group", FILE_LIMIT, &group, &group_length);
    if (error != 0 && error != -ENOENT) {
        status = collector_fail(c, error == -ENOMEM ? SA_ERR_NO_MEMORY : SA_ERR_IO,
                                "LocalUsers: snapshot failed: etc/group: %s", strerror(-error));
        goto cleanup;
    }
    uint64_t malformed = 0;
    if (group != NULL) {
        malformed += account_files_parse(group, group_length, 1, count_group, &groups);
        if (groups.capacity > 0) {
            groups.entries = alloc_calloc(c->allocator, groups.capacity, sizeof *groups.entries);
            if (groups.entries == NULL) {
                status = collector_fail(c, SA_ERR_NO_MEMORY, "LocalUsers: out of memory");
                goto cleanup;
            }
            account_files_parse(group, group_length, 1, keep_group, &groups);
        }
    }
    status = collector_begin(c, "LocalUsers");
    if (status != SA_OK)
        goto cleanup;
    malformed += account_files_parse(passwd, passwd_length, 0, add_user, &run);
    c->counters[SA_COLLECTOR_MALFORMED] += malformed;
    status = run.status;
    if (status == SA_OK)
        status = collector_submit(c);
cleanup:
    buffer_release(&run.names);
    buffer_release(&run.ids);
    alloc_free(c->allocator, groups.entries);
    alloc_free(c->allocator, group);
    alloc_free(c->allocator, passwd);
    return status;
}

const collector_descriptor_t local_users_descriptor = {
    .name = "LocalUsers",
    .help = "Local users and their groups from etc/passwd and etc/group (Periodic)",
    .context_size = 1,
    .periodic = 1,
    .collect = collect,
};
