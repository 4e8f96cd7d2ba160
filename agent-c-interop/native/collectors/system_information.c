/* system_information.c - SystemInformationCollector (Linux): every field of the schema from
 * <root>: etc/os-release (vendor, distribution), proc/sys/kernel (name, release, version,
 * architecture, host name), proc/meminfo (RAM; virtual = RAM + swap; free = MemAvailable),
 * sys/class/dmi/id/bios_version, and the boot device from proc/cmdline or proc/mounts. A field
 * whose source is missing is omitted. Needs no privilege. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "collector.h"
#include "text_scan.h"

#define FILE_LIMIT (1u << 20)
#define TEXTS 12

/* A span of a file read whole; data NULL when the file is missing or unreadable. */
typedef struct span {
    const char *data;
    size_t start, end;
} span_t;

typedef struct snapshot {
    char *files[TEXTS]; /* owned, on the agent's allocator */
    size_t lengths[TEXTS];
    int count;
    int out_of_memory;
} snapshot_t;

enum { MEM_TOTAL, MEM_AVAILABLE, MEM_FREE, SWAP_TOTAL, SWAP_FREE, MEMORY_KEYS };
static const char *const memory_keys[MEMORY_KEYS] = { "MemTotal", "MemAvailable", "MemFree", "SwapTotal", "SwapFree" };

/* Read(relative): the whole file, or a NULL span on any failure. */
static span_t read_file(sa_collector_t *c, snapshot_t *s, const char *relative)
{
    span_t span = { NULL, 0, 0 };
    char *text = NULL;
    size_t length = 0;
    int status = os_source_read_all(&c->os, c->allocator, relative, FILE_LIMIT, &text, &length);
    if (status == -ENOMEM)
        s->out_of_memory = 1;
    if (status != 0)
        return span;
    if (s->count == TEXTS) {
        alloc_free(c->allocator, text);
        return span;
    }
    s->files[s->count++] = text;
    span.data = text;
    span.end = length;
    return span;
}

/* Line(relative): the file trimmed, or NULL when missing or blank. */
static span_t read_line(sa_collector_t *c, snapshot_t *s, const char *relative)
{
    span_t span = read_file(c, s, relative);
    if (span.data != NULL) {
        text_trim(span.data, &span.start, &span.end);
        if (span.start == span.end)
            span.data = NULL;
    }
    return span;
}

/* KEY=value lines of os-release, optional quotes; the last occurrence of key wins. */
static span_t release_value(span_t text, const char *key)
{
    span_t found = { NULL, 0, 0 };
    size_t position = 0, start, end;
    if (text.data == NULL)
        return found;
    while (text_next_line(text.data, text.end, &position, &start, &end, TEXT_LINES_LF)) {
        const char *eq = memchr(text.data + start, '=', end - start);
        if (eq == NULL || eq == text.data + start || text.data[start] == '#')
            continue;
        size_t key_start = start, key_end = (size_t)(eq - text.data);
        text_trim(text.data, &key_start, &key_end);
        if (!text_equals(text.data + key_start, key_end - key_start, key))
            continue;
        size_t value_start = key_end, value_end = end;
        value_start = (size_t)(eq - text.data) + 1;
        text_trim(text.data, &value_start, &value_end);
        char first = text.data[value_start];
        if (value_end - value_start >= 2 && (first == '"' || first == '\'') && text.data[value_end - 1] == first) {
            value_start++;
            value_end--;
        }
        found.data = text.data;
        found.start = value_start;
        found.end = value_end;
    }
    return found;
}

/* "Key:   123 kB" lines of meminfo; the last parsable occurrence of each key wins. */
static void parse_meminfo(span_t text, uint64_t values[MEMORY_KEYS], int known[MEMORY_KEYS])
{
    size_t position = 0, start, end;
    if (text.data == NULL)
        return;
    while (text_next_line(text.data, text.end, &position, &start, &end, TEXT_LINES_LF)) {
        const char *colon = memchr(text.data + start, ':', end - start);
        if (colon == NULL || colon == text.data + start)
            continue;
        size_t key_length = (size_t)(colon - (text.data + start));
        size_t number_start = (size_t)(colon - text.data) + 1, number_end = end;
        text_trim(text.data, &number_start, &number_end);
        const char *space = memchr(text.data + number_start, ' ', number_end - number_start);
        size_t digits = space == NULL ? number_end - number_start : (size_t)(space - (text.data + number_start));
        uint64_t kb;
        if (!text_parse_decimal(text.data + number_start, digits, UINT64_MAX, &kb))
            continue;
        for (int k = 0; k < MEMORY_KEYS; k++)
            if (text_equals(text.data + start, key_length, memory_keys[k])) {
                values[k] = kb;
                known[k] = 1;
            }
    }
}

/* root=<device> on the kernel command line, else the device mounted on "/". */
static span_t boot_device(sa_collector_t *c, snapshot_t *s)
{
    span_t cmdline = read_line(c, s, "proc/cmdline"), none = { NULL, 0, 0 };
    if (cmdline.data != NULL) {
        size_t i = cmdline.start;
        while (i < cmdline.end) {
            while (i < cmdline.end && cmdline.data[i] == ' ')
                i++;
            size_t arg = i;
            while (i < cmdline.end && cmdline.data[i] != ' ')
                i++;
            if (i - arg > 5 && memcmp(cmdline.data + arg, "root=", 5) == 0)
                return (span_t){ cmdline.data, arg + 5, i };
        }
    }
    span_t mounts = read_file(c, s, "proc/mounts");
    size_t position = 0, start, end;
    if (mounts.data == NULL)
        return none;
    while (text_next_line(mounts.data, mounts.end, &position, &start, &end, TEXT_LINES_LF)) {
        const char *first = memchr(mounts.data + start, ' ', end - start);
        if (first == NULL)
            continue;
        size_t point = (size_t)(first - mounts.data) + 1;
        const char *second = memchr(mounts.data + point, ' ', end - point);
        size_t point_end = second == NULL ? end : (size_t)(second - mounts.data);
        if (point_end - point == 1 && mounts.data[point] == '/')
            return (span_t){ mounts.data, start, (size_t)(first - mounts.data) };
    }
    return none;
}

/* The architecture of the running OS, named as the C# agent names it. */
static const char *architecture(struct utsname *names)
{
    if (uname(names) != 0)
        return NULL;
    const char *m = names->machine;
    if (m[0] == 'i' && strlen(m) == 4 && strcmp(m + 2, "86") == 0)
        return "i686";
    if (strcmp(m, "arm64") == 0)
        return "aarch64";
    if (strncmp(m, "arm", 3) == 0)
        return "armv7l";
    return m;
}

static sa_status_t set_span(sa_collector_t *c, const char *field, span_t span)
{
    return span.data == NULL ? SA_OK : collector_set_text(c, field, span.data + span.start, span.end - span.start);
}

static sa_status_t collect(sa_collector_t *c)
{
    snapshot_t s = { 0 };
    uint64_t memory[MEMORY_KEYS] = { 0 };
    int known[MEMORY_KEYS] = { 0 };
    struct utsname names;
    char version[4096];
    sa_status_t status = collector_begin(c, "SystemInformation");

    span_t release = read_file(c, &s, "etc/os-release");
    if (release.data == NULL)
        release = read_file(c, &s, "usr/lib/os-release");
    parse_meminfo(read_file(c, &s, "proc/meminfo"), memory, known);
    span_t kernel = read_line(c, &s, "proc/sys/kernel/osrelease");
    span_t pretty = release_value(release, "PRETTY_NAME");
    span_t ostype = read_line(c, &s, "proc/sys/kernel/ostype");
    span_t arch = read_line(c, &s, "proc/sys/kernel/arch");
    span_t device = boot_device(c, &s);
    if (status == SA_OK)
        status = ostype.data != NULL ? set_span(c, "OSName", ostype) : collector_set_text(c, "OSName", "Linux", 5);
    if (status == SA_OK && pretty.data != NULL && kernel.data != NULL) {
        span_t build = read_line(c, &s, "proc/sys/kernel/version");
        int n = snprintf(version, sizeof version, "%.*s; kernel %.*s %.*s", (int)(pretty.end - pretty.start),
                         pretty.data + pretty.start, (int)(kernel.end - kernel.start), kernel.data + kernel.start,
                         build.data == NULL ? 0 : (int)(build.end - build.start),
                         build.data == NULL ? "" : build.data + build.start);
        size_t start = 0, end = n < 0 ? 0 : ((size_t)n >= sizeof version ? sizeof version - 1 : (size_t)n);
        text_trim(version, &start, &end);
        status = collector_set_text(c, "OSVersion", version, end); /* TrimEnd: the start stays */
    } else if (status == SA_OK) {
        status = set_span(c, "OSVersion", kernel.data != NULL ? kernel : pretty);
    }
    if (status == SA_OK)
        status = set_span(c, "OSVendor", release_value(release, "NAME"));
    if (status == SA_OK && arch.data != NULL)
        status = set_span(c, "OsArchitecture", arch);
    else if (status == SA_OK && c->os.root[0] == 0 && architecture(&names) != NULL)
        status = collector_set_text(c, "OsArchitecture", architecture(&names), strlen(architecture(&names)));
    if (status == SA_OK)
        status = set_span(c, "HostName", read_line(c, &s, "proc/sys/kernel/hostname"));
    if (status == SA_OK)
        status = set_span(c, "BIOSVersion", read_line(c, &s, "sys/class/dmi/id/bios_version"));
    if (status == SA_OK)
        status = set_span(c, "BootDevice", device);
    int have_free = known[MEM_AVAILABLE] || known[MEM_FREE];
    uint64_t free_kb = known[MEM_AVAILABLE] ? memory[MEM_AVAILABLE] : memory[MEM_FREE];
    if (status == SA_OK && known[MEM_TOTAL])
        status = collector_set_int(c, "TotalPhysicalMemoryInKB", (int64_t)memory[MEM_TOTAL]);
    if (status == SA_OK && have_free)
        status = collector_set_int(c, "FreePhysicalMemoryInKB", (int64_t)free_kb);
    if (status == SA_OK && known[MEM_TOTAL])
        status = collector_set_int(c, "TotalVirtualMemoryInKB", (int64_t)(memory[MEM_TOTAL] + memory[SWAP_TOTAL]));
    if (status == SA_OK && have_free)
        status = collector_set_int(c, "FreeVirtualMemoryInKB", (int64_t)(free_kb + memory[SWAP_FREE]));
    if (status == SA_OK && s.out_of_memory)
        status = collector_fail(c, SA_ERR_NO_MEMORY, "SystemInformation: out of memory reading the sources");
    if (status == SA_OK)
        status = collector_submit(c);
    for (int i = 0; i < s.count; i++)
        alloc_free(c->allocator, s.files[i]);
    return status;
}

const collector_descriptor_t system_information_descriptor = {
    .name = "SystemInformation",
    .help = "The OS, kernel, host, BIOS, boot device and memory (Periodic)",
    .context_size = 1,
    .periodic = 1,
    .collect = collect,
};
