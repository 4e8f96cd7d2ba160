/* daemon_test_support.h - temporary folders and small file helpers for the daemon's tests. */
#ifndef SA_DAEMON_TEST_SUPPORT_H
#define SA_DAEMON_TEST_SUPPORT_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fresh folder under $TMPDIR (or /tmp), written into path (at least 256 bytes). */
static inline int temp_folder_create(char *path, size_t capacity)
{
    const char *base = getenv("TMPDIR");
    snprintf(path, capacity, "%s/sa-daemon-test-XXXXXX", base != NULL ? base : "/tmp");
    return mkdtemp(path) != NULL ? 0 : -1;
}

/* Removes a folder and the files directly in it (the tests make no deeper trees). */
static inline void temp_folder_remove(const char *path)
{
    DIR *folder = opendir(path);
    struct dirent *item;
    char file[512];
    if (folder != NULL) {
        while ((item = readdir(folder)) != NULL) {
            if (strcmp(item->d_name, ".") == 0 || strcmp(item->d_name, "..") == 0)
                continue;
            snprintf(file, sizeof file, "%s/%s", path, item->d_name);
            unlink(file);
        }
        closedir(folder);
    }
    rmdir(path);
}

static inline int file_write(const char *path, const void *bytes, size_t length, mode_t mode)
{
    FILE *file = fopen(path, "wb");
    if (file == NULL)
        return -1;
    if (fwrite(bytes, 1, length, file) != length) {
        fclose(file);
        return -1;
    }
    fclose(file);
    return chmod(path, mode);
}

/* Number of directory entries whose name ends with suffix. */
static inline int folder_count(const char *path, const char *suffix)
{
    DIR *folder = opendir(path);
    struct dirent *item;
    int count = 0;
    size_t n = strlen(suffix);
    if (folder == NULL)
        return -1;
    while ((item = readdir(folder)) != NULL) {
        size_t length = strlen(item->d_name);
        if (length >= n && strcmp(item->d_name + length - n, suffix) == 0)
            count++;
    }
    closedir(folder);
    return count;
}

#endif
