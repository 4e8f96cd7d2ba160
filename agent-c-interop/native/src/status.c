/* status.c - messages for status codes. */
#include "secagent.h"

const char *sa_strerror(sa_status_t status)
{
    switch (status) {
    case SA_OK: return "success";
    case SA_ERR_INVALID_ARGUMENT: return "invalid argument";
    case SA_ERR_NO_MEMORY: return "out of memory";
    case SA_ERR_UNKNOWN_EVENT: return "unknown event name";
    case SA_ERR_UNKNOWN_FIELD: return "unknown payload field";
    case SA_ERR_FIELD_TYPE: return "payload field of another type";
    case SA_ERR_MISSING_FIELD: return "required payload field missing";
    case SA_ERR_BAD_JSON: return "malformed JSON";
    case SA_ERR_BAD_CONFIGURATION: return "configuration rejected";
    case SA_ERR_TOO_LARGE: return "input too large";
    case SA_ERR_EMPTY: return "nothing available";
    case SA_ERR_INVALID_STATE: return "invalid state";
    case SA_ERR_IO: return "OS source could not be read";
    }
    return "unknown status code";
}
