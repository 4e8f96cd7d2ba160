/* login_payload.c - one Login item built into the collector's event and submitted. */
#include "login_payload.h"

void login_payload_add_detail(login_payload_t *payload, const char *key, const char *value, size_t length)
{
    if (payload->detail_count >= LOGIN_DETAILS_MAX)
        return;
    payload->detail_keys[payload->detail_count] = key;
    payload->details[payload->detail_count].text = value;
    payload->details[payload->detail_count].length = length;
    payload->detail_count++;
}

static sa_status_t optional(sa_collector_t *collector, const char *field, login_text_t value)
{
    return value.text == NULL ? SA_OK : collector_set_text(collector, field, value.text, value.length);
}

sa_status_t login_payload_submit(sa_collector_t *collector, const login_payload_t *payload, int64_t time_ms)
{
    sa_status_t status = collector_begin(collector, "Login");
    if (status == SA_OK)
        status = sa_event_set_timestamp(collector->event, time_ms);
    if (status == SA_OK)
        status = collector_set_int(collector, "ProcessId", payload->process_id);
    if (status == SA_OK)
        status = collector_set_text(collector, "Operation", payload->operation.text, payload->operation.length);
    if (status == SA_OK)
        status = collector_set_text(collector, "Executable", payload->executable.text, payload->executable.length);
    if (status == SA_OK)
        status = payload->success ? collector_set_text(collector, "Result", "Success", 7)
                                  : collector_set_text(collector, "Result", "Fail", 4);
    if (status == SA_OK)
        status = optional(collector, "UserId", payload->user_id);
    if (status == SA_OK)
        status = optional(collector, "UserName", payload->user_name);
    if (status == SA_OK)
        status = optional(collector, "RemoteAddress", payload->remote_address);
    for (size_t i = 0; status == SA_OK && i < payload->detail_count; i++)
        status = collector_set_detail(collector, payload->detail_keys[i], payload->details[i].text,
                                      payload->details[i].length);
    if (status != SA_OK)
        return collector_fail(collector, status, "Login: the event could not be built: %s", sa_strerror(status));
    return collector_submit(collector);
}
