/* json_text.h - one string out of a small JSON answer (the hub's REST API, DPS), read with
 * libsecagent's strict parser. */
#ifndef SA_JSON_TEXT_H
#define SA_JSON_TEXT_H

#include <stddef.h>

/*
 * json_text_get - the string at `path` (member names, NULL-terminated list) of the JSON text,
 * NUL-terminated into out (capacity bytes). Returns 0; -1 when the text is not JSON, the path
 * is missing or not a string, the string holds a NUL, or it does not fit.
 */
int json_text_get(const char *text, size_t length, const char *const *path, char *out, size_t capacity);

#endif
