/* twin_document.h - finds, in the text of a twin GET response ({"desired": {...},
 * "reported": {...}}), the desired configuration object and the desired $version, as byte
 * spans of the original text: the core parses the object itself, so nothing is re-encoded. */
#ifndef SA_TWIN_DOCUMENT_H
#define SA_TWIN_DOCUMENT_H

#include <stddef.h>
#include <stdint.h>

/*
 * twin_document_find_configuration - text must be well-formed JSON (check it first). Sets
 * *start and *length to the value of desired[object_name] when it is an object, else to "{}" (a
 * static string); *version to desired.$version, or -1. Returns 0, or -1 when text has no
 * "desired" object. Member names are compared as written (object names need no escapes).
 */
int twin_document_find_configuration(const char *text, size_t length, const char *object_name, const char **start,
                                     size_t *config_length, int64_t *version);

#endif
