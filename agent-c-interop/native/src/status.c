/* status.c - messages for status codes. */
#include "secagent.h"

const char *sa_strerror(sa_status_t status)
{
    switch (status) {
    case SA_OK:
        return "success";
    case SA_ERR_INVALID_ARGUMENT:
        return "invalid argument";
    case SA_ERR_NO_MEMORY:
        return "out of memory";
    }
    return "unknown status code";
}
