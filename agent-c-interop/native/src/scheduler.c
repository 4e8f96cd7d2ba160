/* scheduler.c - Tick(now): what is due, in the order of docs/core-rules.md section 6, and
 * the operational events the core makes (section 7). */
#include <string.h>

#include "agent.h"
#include "event.h"
#include "message_builder.h"

static const char *const queue_names[3] = {"High", "Low", "Operational"};
static const char *const severity_names[5] = {"Debug", "Information", "Warning", "Error", "Fatal"};

static void put_string(sa_event_t *e, const char *field, const char *value, size_t length)
{
    event_put_string(e, event_model_field(&event_models[e->model], field, strlen(field)), value, length);
}

static void put_number(sa_event_t *e, const char *field, int64_t value)
{
    event_put_number(e, event_model_field(&event_models[e->model], field, strlen(field)), value);
}

static void snapshot_statistics(sa_agent_t *agent)
{
    sa_event_t *e = agent->made;
    report_counters_t report = agent->report;
    /* core-rules section 7: each report counts since the previous report of its own kind, so an
     * event switched Off keeps counting until it is reported again */
    if (router_queue_of(agent, MODEL_DROPPED_EVENTS_STATISTICS) >= 0) {
        memset(agent->report.collected, 0, sizeof agent->report.collected);
        memset(agent->report.dropped, 0, sizeof agent->report.dropped);
    }
    if (router_queue_of(agent, MODEL_MESSAGE_STATISTICS) >= 0) {
        agent->report.messages_sent = 0;
        agent->report.messages_under_4kb = 0;
        agent->report.failed = 0;
    }
    event_clear(e, MODEL_DROPPED_EVENTS_STATISTICS);
    for (int q = 0; q < 3; q++) {
        if (q > 0)
            event_add_item(e);
        put_string(e, "Queue", queue_names[q], strlen(queue_names[q]));
        put_number(e, "CollectedEvents", (int64_t)report.collected[q]);
        put_number(e, "DroppedEvents", (int64_t)report.dropped[q]);
    }
    if (e->item_count == 3)
        router_route(agent, e);
    event_clear(e, MODEL_MESSAGE_STATISTICS);
    put_number(e, "MessagesSent", (int64_t)report.messages_sent);
    put_number(e, "MessagesUnder4KB", (int64_t)report.messages_under_4kb);
    put_number(e, "TotalFailed", (int64_t)report.failed);
    router_route(agent, e);
}

static void heartbeat(sa_agent_t *agent)
{
    sa_event_t *e = agent->made;
    event_clear(e, MODEL_HEARTBEAT);
    uint64_t queued = agent->queues[0].count + agent->queues[1].count + agent->queues[2].count;
    put_number(e, "UptimeInSeconds", (agent->now - agent->start) / 1000);
    const char *state = agent->connected ? "Connected" : "Disconnected";
    put_string(e, "ConnectionState", state, strlen(state));
    put_number(e, "QueuedEvents", (int64_t)queued);
    router_route(agent, e);
}

/* Builds path-q messages until q's queue and the Operational queue are empty. */
static void send_path(sa_agent_t *agent, int q)
{
    while (agent->queues[q].head != NULL || agent->queues[SA_QUEUE_OPERATIONAL].head != NULL)
        if (message_builder_build(agent, q) <= 0)
            break;
}

sa_status_t sa_agent_tick(sa_agent_t *agent, int64_t now_ms, size_t *messages_ready, int *snapshot_due)
{
    if (agent == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    const configuration_t *c = &agent->config;
    if (now_ms > agent->now)
        agent->now = now_ms > INT64_C(253402300799999) ? INT64_C(253402300799999) : now_ms;
    int64_t now = agent->now;
    for (int a = 0; a < AGGREGATE_COUNT; a++)
        if (now >= agent->aggregators[a].window_start + c->aggregation_interval_ms[a])
            aggregator_flush(agent, a, now);
    int snapshot = !agent->snapshot_done || now >= agent->last_snapshot + c->snapshot_frequency_ms;
    if (snapshot) {
        agent->snapshot_done = 1;
        agent->last_snapshot = now;
        snapshot_statistics(agent);
    }
    if (c->priorities[PRIORITY_SLOT(MODEL_HEARTBEAT)] != PRIORITY_OFF &&
        now >= agent->last_heartbeat + c->heartbeat_frequency_ms) {
        heartbeat(agent);
        agent->last_heartbeat = now;
    }
    if (now >= agent->last_high + c->high_frequency_ms) {
        send_path(agent, SA_QUEUE_HIGH);
        agent->last_high = now;
    }
    if (now >= agent->last_low + c->low_frequency_ms) {
        send_path(agent, SA_QUEUE_LOW);
        agent->last_low = now;
    }
    while (event_queue_total_bytes(agent) >= (size_t)c->max_message_bytes)
        if (message_builder_build(agent, SA_QUEUE_HIGH) <= 0)
            break;
    if (messages_ready != NULL)
        *messages_ready = agent->message_count;
    if (snapshot_due != NULL)
        *snapshot_due = snapshot;
    return agent_ok(agent);
}

sa_status_t sa_agent_flush_all(sa_agent_t *agent, size_t *messages_ready)
{
    if (agent == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    for (int a = 0; a < AGGREGATE_COUNT; a++)
        aggregator_flush(agent, a, agent->now);
    send_path(agent, SA_QUEUE_HIGH);
    send_path(agent, SA_QUEUE_LOW);
    if (messages_ready != NULL)
        *messages_ready = agent->message_count;
    return agent_ok(agent);
}

sa_status_t sa_agent_submit_log(sa_agent_t *agent, int severity, const char *message, size_t message_length,
                                uint32_t process_id, uint32_t thread_id, const char *correlation_id,
                                size_t correlation_id_length)
{
    if (agent == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    if (severity < 0 || severity > 4 || (message == NULL && message_length > 0) ||
        (correlation_id == NULL && correlation_id_length > 0) ||
        (correlation_id_length != 0 && correlation_id_length != 36))
        return agent_fail(agent, SA_ERR_INVALID_ARGUMENT, "bad severity, message or correlation id");
    if (message_length > 1024u * 1024u)
        return agent_fail(agent, SA_ERR_TOO_LARGE, "log message over 1 MiB");
    if (severity < agent->config.diagnostic_minimum)
        return agent_ok(agent);
    sa_event_t *e = agent->made;
    event_clear(e, MODEL_DIAGNOSTIC);
    put_string(e, "Severity", severity_names[severity], strlen(severity_names[severity]));
    put_string(e, "Message", message_length ? message : "", message_length);
    put_number(e, "ProcessId", process_id);
    put_number(e, "ThreadId", thread_id);
    if (correlation_id_length > 0)
        put_string(e, "CorrelationId", correlation_id, correlation_id_length);
    if (e->arena.failed)
        return agent_fail(agent, SA_ERR_NO_MEMORY, "out of memory");
    router_route(agent, e);
    return agent_ok(agent);
}
