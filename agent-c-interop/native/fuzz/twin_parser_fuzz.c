/* twin_parser_fuzz.c - libFuzzer target: any bytes as a twin update, then reported
 * properties and a tick; the agent must stay consistent and leak nothing. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "secagent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sa_agent_t *agent = NULL;
    if (sa_agent_create(NULL, INT64_C(1709630102123), &agent) != SA_OK)
        abort();
    sa_status_t status = sa_agent_apply_twin(agent, (const char *)data, size);
    if (status != SA_OK && status != SA_ERR_BAD_JSON && status != SA_ERR_BAD_CONFIGURATION && status != SA_ERR_TOO_LARGE)
        abort();
    const char *json;
    size_t length;
    if (sa_agent_get_reported(agent, &json, &length) != SA_OK)
        abort();
    if (sa_agent_tick(agent, INT64_C(1709630102123) + INT64_C(86400000), NULL, NULL) != SA_OK)
        abort();
    while (sa_agent_take_message(agent, &json, &length, NULL) == SA_OK)
        if (length == 0 || json[0] != '{')
            abort();
    sa_agent_destroy(agent);
    return 0;
}
