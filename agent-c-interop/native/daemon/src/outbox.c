/* outbox.c - the outbox folder: start-up scan, durable append, eviction, read-back, removal. */
#include "outbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What the outbox knows of a stored record without reading it. */
typedef struct outbox_index_entry {
    uint64_t sequence;
    uint32_t length;
    uint8_t priority;
} outbox_index_entry_t;

struct outbox {
    int folder;                     /* the folder, O_DIRECTORY; -1 when closed */
    uint64_t budget;
    uint64_t next_sequence;
    outbox_index_entry_t *entries;  /* sorted by sequence */
    size_t count;
    size_t capacity;
    outbox_statistics_t statistics;
    char error[256];
};

static void set_error(outbox_t *outbox, const char *format, ...) __attribute__((format(printf, 2, 3)));

static void set_error(outbox_t *outbox, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(outbox->error, sizeof outbox->error, format, arguments);
    va_end(arguments);
}

static int write_all(int fd, const void *bytes, size_t length)
{
    const char *p = bytes;
    while (length > 0) {
        ssize_t n = write(fd, p, length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        length -= (size_t)n;
    }
    return 0;
}

static int read_all(int fd, void *bytes, size_t length)
{
    char *p = bytes;
    while (length > 0) {
        ssize_t n = read(fd, p, length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        length -= (size_t)n;
    }
    return 0;
}

static void delete_record(outbox_t *outbox, uint64_t sequence)
{
    char name[32];
    outbox_record_file_name(sequence, name, sizeof name);
    unlinkat(outbox->folder, name, 0);
}

/* Removes index entry i (the file is deleted by the caller). */
static void drop_entry(outbox_t *outbox, size_t i)
{
    outbox->statistics.stored_bytes -= outbox->entries[i].length;
    outbox->statistics.stored_messages--;
    memmove(outbox->entries + i, outbox->entries + i + 1, (outbox->count - i - 1) * sizeof *outbox->entries);
    outbox->count--;
}

/* Room for one more index entry; returns 0, or -1 when memory ran out. */
static int reserve_entry(outbox_t *outbox)
{
    if (outbox->count == outbox->capacity) {
        size_t capacity = outbox->capacity == 0 ? 16 : outbox->capacity * 2;
        outbox_index_entry_t *grown = realloc(outbox->entries, capacity * sizeof *grown);
        if (grown == NULL)
            return -1;
        outbox->entries = grown;
        outbox->capacity = capacity;
    }
    return 0;
}

/* Adds an entry at the end (appends come in sequence order; the scan sorts afterwards). */
static int push_entry(outbox_t *outbox, uint64_t sequence, uint32_t length, uint8_t priority)
{
    if (reserve_entry(outbox) != 0)
        return -1;
    outbox->entries[outbox->count].sequence = sequence;
    outbox->entries[outbox->count].length = length;
    outbox->entries[outbox->count].priority = priority;
    outbox->count++;
    outbox->statistics.stored_bytes += length;
    outbox->statistics.stored_messages++;
    return 0;
}

/*
 * Reads and checks a whole record. Returns 0 with the header (and the body in *body when body
 * is not NULL, heap, NUL-terminated); -1 with a reason when the record is bad; -2 when
 * memory ran out.
 */
static int read_record(outbox_t *outbox, uint64_t sequence, outbox_header_t *header, char **body, const char **reason)
{
    char name[32];
    unsigned char bytes[OUTBOX_HEADER_SIZE];
    struct stat info;
    char *payload = NULL;
    int fd = -1, rc = -1;

    outbox_record_file_name(sequence, name, sizeof name);
    *reason = "cannot be read";
    fd = openat(outbox->folder, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 || fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size < OUTBOX_HEADER_SIZE)
        goto cleanup;
    if (read_all(fd, bytes, OUTBOX_HEADER_SIZE) != 0)
        goto cleanup;
    if ((*reason = outbox_record_decode(bytes, header)) != NULL)
        goto cleanup;
    *reason = "payload length does not match the file size";
    if ((uint64_t)info.st_size != OUTBOX_HEADER_SIZE + (uint64_t)header->payload_length)
        goto cleanup;
    *reason = "sequence does not match the file name";
    if (header->sequence != sequence)
        goto cleanup;
    payload = malloc((size_t)header->payload_length + 1);
    if (payload == NULL) {
        rc = -2;
        goto cleanup;
    }
    *reason = "cannot be read";
    if (read_all(fd, payload, header->payload_length) != 0)
        goto cleanup;
    payload[header->payload_length] = '\0';
    *reason = "checksum mismatch";
    if (!outbox_record_checksum_ok(bytes, payload, header->payload_length))
        goto cleanup;
    *reason = NULL;
    rc = 0;
    if (body != NULL) {
        *body = payload;
        payload = NULL;
    }
cleanup:
    free(payload);
    if (fd >= 0)
        close(fd);
    return rc;
}

static int compare_entries(const void *a, const void *b)
{
    uint64_t x = ((const outbox_index_entry_t *)a)->sequence, y = ((const outbox_index_entry_t *)b)->sequence;
    return x < y ? -1 : x > y;
}

/* Evicts until `incoming` more bytes fit: the oldest Low first, then the oldest High. */
static void evict_for(outbox_t *outbox, uint64_t incoming)
{
    while (outbox->count > 0 && outbox->statistics.stored_bytes + incoming > outbox->budget) {
        size_t victim = 0;
        while (victim < outbox->count && outbox->entries[victim].priority != OUTBOX_PRIORITY_LOW)
            victim++;
        if (victim == outbox->count) {
            victim = 0;
            outbox->statistics.evicted_high++;
        } else {
            outbox->statistics.evicted_low++;
        }
        delete_record(outbox, outbox->entries[victim].sequence);
        drop_entry(outbox, victim);
    }
}

/* The start-up scan: stale temp files out, every record checked, the index sorted. */
static outbox_status_t scan(outbox_t *outbox)
{
    DIR *folder = NULL;
    struct dirent *item;
    int fd = dup(outbox->folder);
    if (fd < 0 || (folder = fdopendir(fd)) == NULL) {
        if (fd >= 0)
            close(fd);
        set_error(outbox, "cannot list the outbox folder: %s", strerror(errno));
        return OUTBOX_WRITE_FAILED;
    }
    for (errno = 0; (item = readdir(folder)) != NULL; errno = 0) {
        uint64_t sequence;
        size_t n = strlen(item->d_name);
        outbox_header_t header;
        const char *reason;
        int rc;
        if (n > 4 && strcmp(item->d_name + n - 4, ".tmp") == 0) {
            unlinkat(outbox->folder, item->d_name, 0);
            continue;
        }
        if (n <= 4 || strcmp(item->d_name + n - 4, ".msg") != 0)
            continue;
        if (outbox_record_parse_name(item->d_name, &sequence) != 0) {
            unlinkat(outbox->folder, item->d_name, 0);
            outbox->statistics.corrupt_records++;
            continue;
        }
        rc = read_record(outbox, sequence, &header, NULL, &reason);
        if (rc == -2 || (rc == 0 && push_entry(outbox, sequence, header.payload_length, header.priority) != 0)) {
            closedir(folder);
            set_error(outbox, "out of memory");
            return OUTBOX_NO_MEMORY;
        }
        if (rc != 0) {
            unlinkat(outbox->folder, item->d_name, 0);
            outbox->statistics.corrupt_records++;
            continue;
        }
        if (sequence >= outbox->next_sequence)
            outbox->next_sequence = sequence + 1;
    }
    if (errno != 0) {
        set_error(outbox, "cannot list the outbox folder: %s", strerror(errno));
        closedir(folder);
        return OUTBOX_WRITE_FAILED;
    }
    closedir(folder);
    if (outbox->count > 1)
        qsort(outbox->entries, outbox->count, sizeof *outbox->entries, compare_entries);
    evict_for(outbox, 0);
    return OUTBOX_OK;
}

outbox_status_t outbox_open(const char *path, uint64_t max_bytes, outbox_t **out, char *error, size_t capacity)
{
    outbox_t *outbox = NULL;
    outbox_status_t status;
    *out = NULL;
    if (path == NULL || max_bytes < OUTBOX_MIN_BUDGET) {
        snprintf(error, capacity, "the outbox budget must be at least %u bytes", OUTBOX_MIN_BUDGET);
        return OUTBOX_BAD_ARGUMENT;
    }
    outbox = calloc(1, sizeof *outbox);
    if (outbox == NULL) {
        snprintf(error, capacity, "out of memory");
        return OUTBOX_NO_MEMORY;
    }
    outbox->budget = max_bytes;
    outbox->next_sequence = 1;
    if (mkdir(path, 0700) != 0 && errno != EEXIST) {
        snprintf(error, capacity, "cannot create the outbox folder %s: %s", path, strerror(errno));
        free(outbox);
        return OUTBOX_WRITE_FAILED;
    }
    outbox->folder = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (outbox->folder < 0) {
        snprintf(error, capacity, "cannot open the outbox folder %s: %s", path, strerror(errno));
        free(outbox);
        return OUTBOX_WRITE_FAILED;
    }
    status = scan(outbox);
    if (status != OUTBOX_OK) {
        snprintf(error, capacity, "%s", outbox->error);
        outbox_close(outbox);
        return status;
    }
    *out = outbox;
    return OUTBOX_OK;
}

void outbox_close(outbox_t *outbox)
{
    if (outbox == NULL)
        return;
    if (outbox->folder >= 0)
        close(outbox->folder);
    free(outbox->entries);
    free(outbox);
}

outbox_status_t outbox_append(outbox_t *outbox, uint8_t priority, const char *message_id, const void *body, size_t length,
                              uint64_t *sequence)
{
    outbox_header_t header;
    unsigned char bytes[OUTBOX_HEADER_SIZE];
    char name[32], temp[40];
    int fd = -1;
    outbox_status_t status = OUTBOX_WRITE_FAILED;

    if (outbox == NULL || (priority != OUTBOX_PRIORITY_HIGH && priority != OUTBOX_PRIORITY_LOW) || message_id == NULL ||
        strlen(message_id) != OUTBOX_MESSAGE_ID_SIZE || (body == NULL && length > 0))
        return OUTBOX_BAD_ARGUMENT;
    if (length > outbox->budget || length > UINT32_MAX) {
        set_error(outbox, "a message of %zu bytes is larger than the outbox budget", length);
        return OUTBOX_TOO_LARGE;
    }
    if (reserve_entry(outbox) != 0) { /* first, so that a stored record is always indexed */
        set_error(outbox, "out of memory");
        return OUTBOX_NO_MEMORY;
    }
    evict_for(outbox, length);

    header.priority = priority;
    header.sequence = outbox->next_sequence;
    memcpy(header.message_id, message_id, OUTBOX_MESSAGE_ID_SIZE + 1);
    header.payload_length = (uint32_t)length;
    outbox_record_encode(&header, body, bytes);
    outbox_record_file_name(header.sequence, name, sizeof name);
    snprintf(temp, sizeof temp, "%s.tmp", name);

    unlinkat(outbox->folder, temp, 0);
    fd = openat(outbox->folder, temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0 || write_all(fd, bytes, sizeof bytes) != 0 || write_all(fd, body, length) != 0 || fsync(fd) != 0) {
        set_error(outbox, "cannot write %s: %s", temp, strerror(errno));
        goto cleanup;
    }
    if (close(fd) != 0) {
        fd = -1;
        set_error(outbox, "cannot write %s: %s", temp, strerror(errno));
        goto cleanup;
    }
    fd = -1;
    if (renameat(outbox->folder, temp, outbox->folder, name) != 0 || fsync(outbox->folder) != 0) {
        set_error(outbox, "cannot store %s: %s", name, strerror(errno));
        unlinkat(outbox->folder, name, 0);
        goto cleanup;
    }
    push_entry(outbox, header.sequence, header.payload_length, priority); /* room reserved above */
    outbox->next_sequence++;
    if (sequence != NULL)
        *sequence = header.sequence;
    outbox->error[0] = '\0';
    status = OUTBOX_OK;
cleanup:
    if (fd >= 0)
        close(fd);
    if (status != OUTBOX_OK) {
        unlinkat(outbox->folder, temp, 0);
        outbox->statistics.write_failures++;
    }
    return status;
}

outbox_status_t outbox_next(outbox_t *outbox, uint64_t after, outbox_entry_t *entry)
{
    memset(entry, 0, sizeof *entry);
    for (size_t i = 0; i < outbox->count;) {
        outbox_header_t header;
        const char *reason;
        char *body = NULL;
        int rc;
        if (outbox->entries[i].sequence <= after) {
            i++;
            continue;
        }
        rc = read_record(outbox, outbox->entries[i].sequence, &header, &body, &reason);
        if (rc == -2) {
            set_error(outbox, "out of memory");
            return OUTBOX_NO_MEMORY;
        }
        if (rc != 0) {
            set_error(outbox, "record %016llx skipped: %s", (unsigned long long)outbox->entries[i].sequence, reason);
            delete_record(outbox, outbox->entries[i].sequence);
            drop_entry(outbox, i);
            outbox->statistics.corrupt_records++;
            continue;
        }
        entry->sequence = header.sequence;
        entry->priority = header.priority;
        memcpy(entry->message_id, header.message_id, sizeof entry->message_id);
        entry->body = body;
        entry->length = header.payload_length;
        return OUTBOX_OK;
    }
    return OUTBOX_EMPTY;
}

void outbox_entry_release(outbox_entry_t *entry)
{
    if (entry == NULL)
        return;
    free(entry->body);
    entry->body = NULL;
    entry->length = 0;
}

void outbox_remove(outbox_t *outbox, uint64_t sequence)
{
    for (size_t i = 0; i < outbox->count; i++) {
        if (outbox->entries[i].sequence == sequence) {
            delete_record(outbox, sequence);
            drop_entry(outbox, i);
            return;
        }
    }
}

void outbox_get_statistics(const outbox_t *outbox, outbox_statistics_t *statistics)
{
    *statistics = outbox->statistics;
}

const char *outbox_last_error(const outbox_t *outbox)
{
    return outbox->error;
}
