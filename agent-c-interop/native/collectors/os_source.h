/* os_source.h - how collectors read the OS (STYLE C#10): a run-time vtable over a root path.
 * os_source_root() serves "/" on a live host and a fixture tree in tests, with the fixtures'
 * convention that a /proc link (exe, fd/<n>) may be a small regular file holding the link text
 * (fixtures/README.md); tests may put their own operations in front to inject failures. */
#ifndef SA_OS_SOURCE_H
#define SA_OS_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "alloc.h"

typedef struct os_source os_source_t;

typedef struct os_source_ops {
    /* read - up to capacity bytes of <root>/<relative> into buffer; the count (0 to capacity)
     * or -errno. */
    ssize_t (*read)(const os_source_t *source, const char *relative, char *buffer, size_t capacity);
    /* read_link - the target of the link <root>/<relative> (not NUL-terminated); the length
     * or -errno (-EINVAL: not a link). */
    ssize_t (*read_link)(const os_source_t *source, const char *relative, char *buffer, size_t capacity);
    /* list - calls visit(name, argument) for each entry of the directory <root>/<relative> but
     * "." and "..", in the order the file system gives; stops early when visit returns
     * non-zero. Returns 0 or -errno (opening the directory failed). */
    int (*list)(const os_source_t *source, const char *relative, int (*visit)(const char *name, void *argument),
                void *argument);
    /* modified - the modification time of <root>/<relative> in nanoseconds; 0 or -errno. */
    int (*modified)(const os_source_t *source, const char *relative, int64_t *nanoseconds);
    /* status - the type and permission bits (st_mode) and owner of <root>/<relative>, following
     * a final link (follow 1, stat) or not (0, lstat); 0 or -errno. NULL in a source: -ENOSYS
     * (os_source_status). */
    int (*status)(const os_source_t *source, const char *relative, int follow, uint32_t *mode, uint32_t *uid);
    /* size - the length of the file <root>/<relative> (stat, no read access needed); 0 or
     * -errno (-EISDIR for a directory). */
    int (*size)(const os_source_t *source, const char *relative, uint64_t *bytes);
    /* read_at - up to capacity bytes of <root>/<relative> from offset into buffer, for files
     * that grow between reads (wtmp); the count (0 at or past the end) or -errno. */
    ssize_t (*read_at)(const os_source_t *source, const char *relative, uint64_t offset, char *buffer,
                       size_t capacity);
} os_source_ops_t;

struct os_source {
    const os_source_ops_t *ops;
    char root[256]; /* no trailing slash ("" for "/") */
    const void *inner; /* for wrapping sources (tests) */
};

/* os_source_root - a source over root (1 to 255 bytes, absolute). Returns 0 or -EINVAL. */
int os_source_root(os_source_t *source, const char *root, size_t length);

/* os_source_status - source->ops->status, or -ENOSYS where the source has none. */
int os_source_status(const os_source_t *source, const char *relative, int follow, uint32_t *mode, uint32_t *uid);

/* os_source_read_all - the whole file <root>/<relative>, NUL-terminated, on allocator, at most
 * limit bytes (-EFBIG beyond). *text is owned by the caller (alloc_free). 0 or -errno. */
int os_source_read_all(const os_source_t *source, sa_allocator_t *allocator, const char *relative, size_t limit,
                       char **text, size_t *length);

/* os_source_link_text - a /proc link as the collectors read it: the link target; or, where it
 * is not a link (EINVAL: a fixture tree), a regular file of 1 to capacity-1 bytes holding the
 * text, with trailing newlines removed (trim_space 0) or surrounding white space (1).
 * Returns the length; -ENODATA when there is no text (an empty, too large or special file);
 * another -errno when the entry cannot be read. */
ssize_t os_source_link_text(const os_source_t *source, const char *relative, char *buffer, size_t capacity,
                            int trim_space);

#endif
