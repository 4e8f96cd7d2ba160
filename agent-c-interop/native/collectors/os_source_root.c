/* os_source_root.c - the OS read under a root path: "/" live, a fixture tree in tests. */
#define _GNU_SOURCE
#include "os_source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text_scan.h"

/* Joins root and relative into path; 0 or -ENAMETOOLONG. */
static int join(const os_source_t *source, const char *relative, char path[PATH_MAX])
{
    size_t root = strlen(source->root), rest = strlen(relative);
    if (root + 1 + rest + 1 > PATH_MAX)
        return -ENAMETOOLONG;
    memcpy(path, source->root, root);
    path[root] = '/';
    memcpy(path + root + 1, relative, rest + 1);
    return 0;
}

/* Reads up to capacity bytes of path: from the start with read(2) when offset is NULL, else
 * with pread(2) from *offset. The byte count, or -errno. */
static ssize_t read_path(const char *path, const uint64_t *offset, char *buffer, size_t capacity)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    size_t total = 0;
    while (total < capacity) {
        ssize_t n = offset == NULL ? read(fd, buffer + total, capacity - total)
                                   : pread(fd, buffer + total, capacity - total, (off_t)(*offset + total));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int error = errno;
            close(fd);
            return -error;
        }
        if (n == 0)
            break;
        total += (size_t)n;
    }
    close(fd);
    return (ssize_t)total;
}

static ssize_t root_read(const os_source_t *source, const char *relative, char *buffer, size_t capacity)
{
    char path[PATH_MAX];
    int status = join(source, relative, path);
    if (status != 0)
        return status;
    return read_path(path, NULL, buffer, capacity);
}

static ssize_t root_read_link(const os_source_t *source, const char *relative, char *buffer, size_t capacity)
{
    char path[PATH_MAX];
    int status = join(source, relative, path);
    if (status != 0)
        return status;
    ssize_t n = readlink(path, buffer, capacity);
    return n < 0 ? -errno : n;
}

static int root_list(const os_source_t *source, const char *relative, int (*visit)(const char *name, void *argument),
                     void *argument)
{
    char path[PATH_MAX];
    int status = join(source, relative, path);
    if (status != 0)
        return status;
    DIR *dir = opendir(path);
    if (dir == NULL)
        return -errno;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        if (visit(entry->d_name, argument) != 0)
            break;
    }
    closedir(dir);
    return 0;
}

/* stat(2) (follow) or lstat(2) of relative under the root; 0 or -errno. */
static int stat_under(const os_source_t *source, const char *relative, int follow, struct stat *info)
{
    char path[PATH_MAX];
    int status = join(source, relative, path);
    if (status != 0)
        return status;
    return (follow ? stat(path, info) : lstat(path, info)) != 0 ? -errno : 0;
}

static int root_modified(const os_source_t *source, const char *relative, int64_t *nanoseconds)
{
    struct stat info;
    int status = stat_under(source, relative, 1, &info);
    if (status != 0)
        return status;
    *nanoseconds = (int64_t)info.st_mtim.tv_sec * 1000000000 + info.st_mtim.tv_nsec;
    return 0;
}

static int root_status(const os_source_t *source, const char *relative, int follow, uint32_t *mode, uint32_t *uid)
{
    struct stat info;
    int status = stat_under(source, relative, follow, &info);
    if (status != 0)
        return status;
    *mode = (uint32_t)info.st_mode;
    *uid = (uint32_t)info.st_uid;
    return 0;
}

static int root_size(const os_source_t *source, const char *relative, uint64_t *bytes)
{
    struct stat info;
    int status = stat_under(source, relative, 1, &info);
    if (status != 0)
        return status;
    if (S_ISDIR(info.st_mode))
        return -EISDIR;
    *bytes = (uint64_t)info.st_size;
    return 0;
}

static ssize_t root_read_at(const os_source_t *source, const char *relative, uint64_t offset, char *buffer,
                            size_t capacity)
{
    char path[PATH_MAX];
    int status = join(source, relative, path);
    if (status != 0)
        return status;
    if (offset > (uint64_t)INT64_MAX)
        return -EINVAL;
    return read_path(path, &offset, buffer, capacity);
}

static const os_source_ops_t root_ops = { root_read, root_read_link, root_list, root_modified, root_status,
                                          root_size, root_read_at };

int os_source_status(const os_source_t *source, const char *relative, int follow, uint32_t *mode, uint32_t *uid)
{
    return source->ops->status == NULL ? -ENOSYS : source->ops->status(source, relative, follow, mode, uid);
}

int os_source_root(os_source_t *source, const char *root, size_t length)
{
    if (source == NULL || root == NULL || length == 0 || length >= sizeof source->root || root[0] != '/'
        || memchr(root, 0, length) != NULL)
        return -EINVAL;
    while (length > 1 && root[length - 1] == '/')
        length--;
    if (length == 1)
        length = 0; /* "/": paths become "/proc/..." */
    memset(source, 0, sizeof *source);
    source->ops = &root_ops;
    memcpy(source->root, root, length);
    return 0;
}

int os_source_read_all(const os_source_t *source, sa_allocator_t *allocator, const char *relative, size_t limit,
                       char **text, size_t *length)
{
    size_t capacity = 4096;
    char *buffer = NULL;
    int status = 0;
    for (;;) {
        alloc_free(allocator, buffer);
        buffer = alloc_malloc(allocator, capacity + 1);
        if (buffer == NULL) {
            status = -ENOMEM;
            goto cleanup;
        }
        ssize_t n = source->ops->read(source, relative, buffer, capacity);
        if (n < 0) {
            status = (int)n;
            goto cleanup;
        }
        if ((size_t)n < capacity) {
            /* File.ReadAllText drops a UTF-8 byte order mark */
            size_t skip = (n >= 3 && memcmp(buffer, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
            memmove(buffer, buffer + skip, (size_t)n - skip);
            buffer[(size_t)n - skip] = 0;
            *text = buffer;
            *length = (size_t)n - skip;
            return 0;
        }
        if (capacity >= limit) {
            status = -EFBIG;
            goto cleanup;
        }
        capacity = capacity * 4 > limit ? limit : capacity * 4;
    }
cleanup:
    alloc_free(allocator, buffer);
    return status;
}

ssize_t os_source_link_text(const os_source_t *source, const char *relative, char *buffer, size_t capacity,
                            int trim_space)
{
    ssize_t n = source->ops->read_link(source, relative, buffer, capacity);
    if (n != -EINVAL)
        return n;
    /* Not a link: a fixture's regular file holding the link text. Its size must be below the
     * capacity; reading capacity bytes and getting them all means it is too large. */
    n = source->ops->read(source, relative, buffer, capacity);
    if (n == -EISDIR)
        return -ENOENT;
    if (n < 0)
        return n;
    if (n == 0 || (size_t)n >= capacity)
        return -ENODATA;
    size_t start = 0, end = (size_t)n;
    if (trim_space)
        text_trim(buffer, &start, &end);
    else
        while (end > 0 && buffer[end - 1] == '\n')
            end--;
    memmove(buffer, buffer + start, end - start);
    return (ssize_t)(end - start);
}
