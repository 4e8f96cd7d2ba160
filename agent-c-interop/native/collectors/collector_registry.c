/* collector_registry.c - the registry of collectors and the sa_collector_* API over it: create
 * an instance of a descriptor, set its options from its table, start, collect, feed, destroy. */
#define _GNU_SOURCE
#include "collector.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "agent.h"
#include "text_scan.h"

static const collector_descriptor_t *const registry[] = {
    &system_information_descriptor,
    &local_users_descriptor,
    &listening_ports_descriptor,
    &process_create_descriptor,
    &os_baseline_descriptor,
    &connection_create_descriptor,
    &login_descriptor,
    &firewall_configuration_descriptor,
};
#define REGISTRY_SIZE (sizeof registry / sizeof registry[0])

const char *const collector_text_option[] = { NULL };

sa_status_t sa_collector_name_at(size_t index, const char **name)
{
    if (name == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    if (index >= REGISTRY_SIZE)
        return SA_ERR_EMPTY;
    *name = registry[index]->name;
    return SA_OK;
}

sa_status_t collector_fail(sa_collector_t *collector, sa_status_t status, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(collector->error, sizeof collector->error, format, arguments);
    va_end(arguments);
    return status;
}

sa_status_t sa_collector_create(sa_agent_t *agent, const char *name, size_t name_length, const char *root,
                                size_t root_length, sa_collector_t **out)
{
    const collector_descriptor_t *descriptor = NULL;
    sa_collector_t *collector = NULL;
    if (agent == NULL || name == NULL || root == NULL || out == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < REGISTRY_SIZE; i++)
        if (text_equals(name, name_length, registry[i]->name))
            descriptor = registry[i];
    if (descriptor == NULL)
        return agent_fail(agent, SA_ERR_INVALID_ARGUMENT, "no collector of that name");
    collector = alloc_calloc(&agent->allocator, 1, sizeof *collector);
    if (collector == NULL)
        return agent_fail(agent, SA_ERR_NO_MEMORY, "collector");
    collector->descriptor = descriptor;
    collector->agent = agent;
    collector->allocator = &agent->allocator;
    collector->fd = -1;
    if (os_source_root(&collector->os, root, root_length) != 0) {
        alloc_free(&agent->allocator, collector);
        return agent_fail(agent, SA_ERR_INVALID_ARGUMENT, "root must be an absolute path of at most 255 bytes");
    }
    collector->context = alloc_calloc(&agent->allocator, 1, descriptor->context_size);
    if (collector->context == NULL)
        goto no_memory;
    if (sa_event_create(agent, "SystemInformation", 17, &collector->event) != SA_OK)
        goto no_memory;
    for (size_t i = 0; i < descriptor->option_count; i++) {
        const collector_option_t *option = &descriptor->options[i];
        if (option->names != COLLECTOR_TEXT_OPTION) /* text options start empty (the context is zeroed) */
            memcpy((char *)collector->context + option->offset, &option->default_value, sizeof(int64_t));
    }
    *out = collector;
    return agent_ok(agent);
no_memory:
    alloc_free(&agent->allocator, collector->context);
    alloc_free(&agent->allocator, collector);
    return agent_fail(agent, SA_ERR_NO_MEMORY, "collector");
}

void sa_collector_destroy(sa_collector_t *collector)
{
    if (collector == NULL)
        return;
    if (collector->started && collector->descriptor->exit != NULL)
        collector->descriptor->exit(collector);
    sa_event_destroy(collector->event);
    alloc_free(collector->allocator, collector->context);
    alloc_free(collector->allocator, collector);
}

sa_status_t sa_collector_set_option(sa_collector_t *collector, const char *key, size_t key_length, const char *value,
                                    size_t value_length)
{
    if (collector == NULL || key == NULL || (value == NULL && value_length != 0))
        return SA_ERR_INVALID_ARGUMENT;
    if (collector->started)
        return collector_fail(collector, SA_ERR_INVALID_STATE, "options are set before start");
    for (size_t i = 0; i < collector->descriptor->option_count; i++) {
        const collector_option_t *option = &collector->descriptor->options[i];
        if (!text_equals(key, key_length, option->key))
            continue;
        int64_t chosen = -1;
        if (option->names == COLLECTOR_TEXT_OPTION) {
            if (value_length >= (uint64_t)option->maximum || (value_length > 0 && memchr(value, 0, value_length) != NULL))
                return collector_fail(collector, SA_ERR_INVALID_ARGUMENT, "%s.%s: %s", collector->descriptor->name,
                                      option->key, option->help);
            char *text = (char *)collector->context + option->offset;
            if (value_length > 0)
                memcpy(text, value, value_length);
            text[value_length] = 0;
            collector->error[0] = 0;
            return SA_OK;
        }
        if (option->names != NULL) {
            for (int64_t n = 0; option->names[n] != NULL; n++)
                if (text_equals(value, value_length, option->names[n]))
                    chosen = n;
        } else {
            uint64_t number;
            if (text_parse_decimal(value, value_length, (uint64_t)INT64_MAX, &number)
                && (int64_t)number >= option->minimum && (int64_t)number <= option->maximum)
                chosen = (int64_t)number;
        }
        if (chosen < 0)
            return collector_fail(collector, SA_ERR_INVALID_ARGUMENT, "%s.%s: %s", collector->descriptor->name,
                                  option->key, option->help);
        memcpy((char *)collector->context + option->offset, &chosen, sizeof chosen);
        collector->error[0] = 0;
        return SA_OK;
    }
    return collector_fail(collector, SA_ERR_INVALID_ARGUMENT, "%s has no option %.*s", collector->descriptor->name,
                          (int)(key_length > 64 ? 64 : key_length), key);
}

sa_status_t sa_collector_start(sa_collector_t *collector)
{
    if (collector == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    if (collector->started)
        return SA_OK;
    if (collector->descriptor->init != NULL) {
        sa_status_t status = collector->descriptor->init(collector);
        if (status != SA_OK)
            return status;
    }
    collector->started = 1;
    return SA_OK;
}

sa_status_t sa_collector_collect(sa_collector_t *collector)
{
    sa_status_t status = sa_collector_start(collector);
    if (status != SA_OK)
        return status;
    status = collector->descriptor->collect(collector);
    if (status != SA_OK && collector->descriptor->periodic)
        collector->counters[SA_COLLECTOR_FAILED_SNAPSHOTS]++;
    return status;
}

sa_status_t sa_collector_feed(sa_collector_t *collector, const void *bytes, size_t length)
{
    if (collector == NULL || (bytes == NULL && length != 0))
        return SA_ERR_INVALID_ARGUMENT;
    if (collector->descriptor->feed == NULL)
        return collector_fail(collector, SA_ERR_INVALID_STATE, "%s reads no stream", collector->descriptor->name);
    sa_status_t status = sa_collector_start(collector);
    if (status != SA_OK)
        return status;
    return collector->descriptor->feed(collector, bytes, length);
}

int sa_collector_fd(const sa_collector_t *collector)
{
    return collector == NULL ? -1 : collector->fd;
}

int sa_collector_batch_delay_ms(const sa_collector_t *collector)
{
    if (collector == NULL || !collector->started || collector->descriptor->batch_delay_ms == NULL)
        return 0;
    return collector->descriptor->batch_delay_ms(collector);
}

int sa_collector_is_periodic(const sa_collector_t *collector)
{
    return collector == NULL ? -1 : collector->descriptor->periodic;
}

sa_status_t sa_collector_get_counter(const sa_collector_t *collector, sa_collector_counter_t counter, uint64_t *value)
{
    if (collector == NULL || value == NULL || (unsigned)counter > SA_COLLECTOR_FAILED_SNAPSHOTS)
        return SA_ERR_INVALID_ARGUMENT;
    *value = collector->counters[counter];
    return SA_OK;
}

const char *sa_collector_last_error(const sa_collector_t *collector)
{
    return collector == NULL ? "" : collector->error;
}

sa_status_t collector_begin(sa_collector_t *collector, const char *name)
{
    return sa_event_reset(collector->event, name, strlen(name));
}

sa_status_t collector_submit(sa_collector_t *collector)
{
    sa_status_t status = sa_agent_submit(collector->agent, collector->event);
    if (status != SA_OK)
        return collector_fail(collector, status, "%s: the event was not accepted: %s", collector->descriptor->name,
                              sa_agent_last_error(collector->agent));
    collector->counters[SA_COLLECTOR_SUBMITTED_EVENTS]++;
    return SA_OK;
}

sa_status_t collector_set_text(sa_collector_t *collector, const char *field, const char *value, size_t length)
{
    return sa_event_set_string(collector->event, field, strlen(field), value, length);
}

sa_status_t collector_set_int(sa_collector_t *collector, const char *field, int64_t value)
{
    return sa_event_set_integer(collector->event, field, strlen(field), value);
}

sa_status_t collector_set_detail(sa_collector_t *collector, const char *key, const char *value, size_t length)
{
    return sa_event_add_detail(collector->event, key, strlen(key), value, length);
}
