/* local_configuration_rules.c - the patterns of schemas/local-configuration.schema.json as
 * plain C predicates, and the secret-file check. */
#include "local_configuration.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int is_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
static int is_hex_lower(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

int local_rule_guid(const char *value)
{
    if (strlen(value) != 36)
        return 0;
    for (int i = 0; i < 36; i++) {
        int dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? value[i] != '-' : !is_hex_lower(value[i]))
            return 0;
    }
    return 1;
}

/* A port: 1-65535 without a leading zero. */
static int is_port(const char *p)
{
    long value = 0;
    size_t n = strlen(p);
    if (n == 0 || n > 5 || p[0] == '0')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        value = value * 10 + (p[i] - '0');
    }
    return value <= 65535;
}

int local_rule_host_name(const char *value)
{
    const char *colon = strchr(value, ':');
    size_t host_length = colon != NULL ? (size_t)(colon - value) : strlen(value);
    size_t label = 0;
    if (strlen(value) > 259 || host_length < 1 || host_length > 253)
        return 0;
    if (colon != NULL && !is_port(colon + 1))
        return 0;
    for (size_t i = 0; i < host_length; i++) {
        char c = value[i];
        if (c == '.') {
            if (label == 0 || value[i - 1] == '-')
                return 0;
            label = 0;
        } else if (is_alnum(c) || (c == '-' && label > 0)) {
            if (++label > 63)
                return 0;
        } else {
            return 0;
        }
    }
    return label > 0 && value[host_length - 1] != '-';
}

int local_rule_device_id(const char *value)
{
    static const char allowed[] = "-.+%_#*?!(),:=@$'";
    size_t n = strlen(value);
    if (n < 1 || n > 128)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_alnum(value[i]) && strchr(allowed, value[i]) == NULL)
            return 0;
    }
    return 1;
}

int local_rule_absolute_path(const char *value)
{
    size_t n = strlen(value);
    if (n < 1 || n > 4096)
        return 0;
    return value[0] == '/' || (n >= 3 && isalpha((unsigned char)value[0]) && value[1] == ':' && (value[2] == '\\' || value[2] == '/')) ||
           (n >= 2 && value[0] == '\\' && value[1] == '\\');
}

/* base64 key material: ^[A-Za-z0-9+/]{20,}={1,2}$ */
static int looks_like_key(const char *value)
{
    size_t n = strlen(value), body = 0;
    while (body < n && (is_alnum(value[body]) || value[body] == '+' || value[body] == '/'))
        body++;
    return body >= 20 && (n - body == 1 || n - body == 2) && value[body] == '=' && value[n - 1] == '=';
}

static int contains_case_insensitive(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (; *haystack != '\0'; haystack++) {
        if (strncasecmp(haystack, needle, n) == 0)
            return 1;
    }
    return 0;
}

int local_rule_file_path(const char *value)
{
    if (strlen(value) < 2 || !local_rule_absolute_path(value))
        return 0;
    if (looks_like_key(value) || strstr(value, "-----BEGIN") != NULL)
        return 0;
    if (contains_case_insensitive(value, "sharedaccesskey") || contains_case_insensitive(value, "sharedaccesssignature") ||
        strstr(value, "?sig=") != NULL || strstr(value, "&sig=") != NULL)
        return 0;
    return 1;
}

int local_rule_object_name(const char *value)
{
    size_t n = strlen(value);
    if (n < 1 || n > 128 || value[0] == '.' || value[0] == '$')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (isspace((unsigned char)value[i]) || value[i] == '.')
            return 0;
    }
    return 1;
}

int local_rule_id_scope(const char *value)
{
    if (strlen(value) != 11 || strncmp(value, "0ne", 3) != 0)
        return 0;
    for (int i = 3; i < 11; i++) {
        if (!isxdigit((unsigned char)value[i]))
            return 0;
    }
    return 1;
}

int local_rule_registration_id(const char *value)
{
    size_t n = strlen(value);
    if (n < 1 || n > 128)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_alnum(value[i]) && strchr("._:-", value[i]) == NULL)
            return 0;
    }
    return 1;
}

const char *local_rule_secret_file(const char *path, int must_be_private, char *message, size_t capacity)
{
    struct stat info;
    if (stat(path, &info) != 0 || !S_ISREG(info.st_mode)) {
        snprintf(message, capacity, "the file %s does not exist: create it, or correct the path.", path);
        return message;
    }
    if (must_be_private && (info.st_mode & 077) != 0) {
        snprintf(message, capacity, "the secret file %s is accessible to other users (mode %o): run 'chmod 600 %s'.", path,
                 (unsigned)(info.st_mode & 0777), path);
        return message;
    }
    return NULL;
}
