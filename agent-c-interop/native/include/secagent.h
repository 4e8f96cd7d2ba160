/*
 * secagent.h - the public API of libsecagent, the core of the C security agent.
 *
 * Conventions (see the repository's docs/c-api.md as the API grows):
 *  - every function returns an sa_status_t, 0 (SA_OK) on success; results come through
 *    out-parameters;
 *  - sa_strerror() turns a status into a static, never-NULL message;
 *  - the library keeps no global state; what it hands out, it frees.
 */
#ifndef SECAGENT_H
#define SECAGENT_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(SA_BUILDING_LIBRARY)
#define SA_API __attribute__((visibility("default")))
#else
#define SA_API
#endif

/* Status codes. The C# wrapper mirrors them as SaStatus. */
typedef enum sa_status {
    SA_OK = 0,
    SA_ERR_INVALID_ARGUMENT = 1,
    SA_ERR_NO_MEMORY = 2
} sa_status_t;

/*
 * sa_version - the version of the library, the repository's single version number.
 *
 * Returns a static, NUL-terminated UTF-8 string such as "0.1.0"; never NULL, never freed.
 */
SA_API const char *sa_version(void);

/*
 * sa_strerror - a human-readable message for a status code.
 *
 * Returns a static, NUL-terminated string; never NULL (unknown codes get a generic text).
 */
SA_API const char *sa_strerror(sa_status_t status);

#ifdef __cplusplus
}
#endif

#endif /* SECAGENT_H */
