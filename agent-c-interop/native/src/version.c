/* version.c - the library's version, fixed at build time from the repository's VERSION. */
#include "secagent.h"

const char *sa_version(void)
{
    return SA_VERSION_STRING;
}
