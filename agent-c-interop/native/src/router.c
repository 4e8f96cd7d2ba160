/* router.c - sends each event to its aggregator or queue, by the priority in force, and
 * splits snapshots too big for one message (docs/core-rules.md sections 2 and 5). */
#include <stdio.h>
#include <string.h>

#include "agent.h"
#include "canonical_json_writer.h"
#include "event.h"

static const char placeholder_id[] = "00000000-0000-0000-0000-000000000000";

int router_queue_of(const sa_agent_t *agent, int model)
{
    int priority = agent->config.priorities[PRIORITY_SLOT(model)];
    if (priority == PRIORITY_OFF)
        return -1;
    if (event_models[model].kind == KIND_OPERATIONAL)
        return SA_QUEUE_OPERATIONAL;
    return priority == PRIORITY_HIGH ? SA_QUEUE_HIGH : SA_QUEUE_LOW;
}

static sa_status_t offer_range(sa_agent_t *agent, int q, const sa_event_t *event, size_t first, size_t count,
                               int64_t time)
{
    sa_buffer_t *scratch = &agent->scratch;
    buffer_clear(scratch);
    size_t id_offset = canonical_json_write_event(scratch, event, first, count, placeholder_id, time,
                                                  agent_utc_offset(agent, time));
    if (scratch->failed) {
        agent->queues[q].collected++;
        agent->report.collected[q]++;
        agent->queues[q].dropped++;
        agent->report.dropped[q]++;
        return agent_fail(agent, SA_ERR_NO_MEMORY, "out of memory: the event was dropped");
    }
    return event_queue_offer(agent, q, scratch->data, scratch->length, id_offset);
}

/* Packs the items of a snapshot too big for one message into parts (core-rules section 5). */
static sa_status_t split(sa_agent_t *agent, int q, const sa_event_t *event, int64_t time, size_t largest)
{
    sa_buffer_t *scratch = &agent->scratch;
    size_t *lengths = alloc_calloc(&agent->allocator, event->item_count, sizeof *lengths);
    if (lengths == NULL)
        return offer_range(agent, q, event, 0, event->item_count, time); /* dropped as too big */
    for (size_t i = 0; i < event->item_count; i++) {
        if (event_item_is_empty(&event->items[i]))
            continue;
        buffer_clear(scratch);
        canonical_json_write_item(scratch, event, i);
        lengths[i] = scratch->length;
    }
    /* the event with no item, as if non-empty: "false" is one byte longer than "true" */
    buffer_clear(scratch);
    canonical_json_write_event(scratch, event, 0, 0, placeholder_id, time, agent_utc_offset(agent, time));
    size_t base = scratch->length + 1;
    sa_status_t status = SA_OK;
    size_t i = 0;
    while (i < event->item_count && status == SA_OK) {
        if (lengths[i] == 0) {
            i++;
            continue;
        }
        size_t first = i, size = base + lengths[i];
        i++;
        while (i < event->item_count && (lengths[i] == 0 || size + 1 + lengths[i] <= largest)) {
            if (lengths[i] != 0)
                size += 1 + lengths[i];
            i++;
        }
        status = offer_range(agent, q, event, first, i - first, time);
    }
    alloc_free(&agent->allocator, lengths);
    return status;
}

sa_status_t router_route(sa_agent_t *agent, const sa_event_t *event)
{
    int q = router_queue_of(agent, event->model);
    if (q < 0) {
        agent->router_dropped++;
        return SA_OK;
    }
    int kind = event_models[event->model].aggregation;
    if (event->category != CATEGORY_AGGREGATED && kind != AGGREGATE_NONE && agent->config.aggregation_enabled[kind])
        return aggregator_add(agent, kind, event);
    int64_t time = event->has_timestamp ? event->timestamp : agent->now;
    size_t largest = (size_t)agent->config.max_message_bytes - agent_envelope_overhead(agent);
    if (event->category == CATEGORY_PERIODIC) {
        sa_buffer_t *scratch = &agent->scratch;
        buffer_clear(scratch);
        size_t id_offset = canonical_json_write_event(scratch, event, 0, event->item_count, placeholder_id, time,
                                                      agent_utc_offset(agent, time));
        if (!scratch->failed && scratch->length > largest && event->item_count > 1)
            return split(agent, q, event, time, largest);
        if (!scratch->failed)
            return event_queue_offer(agent, q, scratch->data, scratch->length, id_offset);
    }
    return offer_range(agent, q, event, 0, event->item_count, time);
}

sa_status_t sa_agent_submit(sa_agent_t *agent, const sa_event_t *event)
{
    const char *missing = NULL;
    if (agent == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    if (event == NULL || event->agent != agent)
        return agent_fail(agent, SA_ERR_INVALID_ARGUMENT, "the event is NULL or belongs to another agent");
    if (event_models[event->model].kind != KIND_SECURITY)
        return agent_fail(agent, SA_ERR_INVALID_ARGUMENT,
                          "only Security events may be submitted; Diagnostic events come from sa_agent_submit_log");
    if (event_check(event, &missing) != SA_OK) {
        snprintf(agent->error, sizeof agent->error, "required field %s is missing", missing);
        return SA_ERR_MISSING_FIELD;
    }
    sa_status_t status = router_route(agent, event);
    return status == SA_OK ? agent_ok(agent) : status;
}
