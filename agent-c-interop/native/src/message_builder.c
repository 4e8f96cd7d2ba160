/* message_builder.c - one message: Operational events, then the path's queue, then the other
 * queue, each from the head while the message stays within maxMessageSizeInBytes; an event bigger
 * than the largest event is dropped where it is met and taking goes on. */
#include "message_builder.h"

#include <stdio.h>
#include <string.h>

#include "agent.h"

int message_builder_build(sa_agent_t *agent, int q)
{
    const int order[3] = {SA_QUEUE_OPERATIONAL, q, q == SA_QUEUE_HIGH ? SA_QUEUE_LOW : SA_QUEUE_HIGH};
    size_t limit = (size_t)agent->config.max_message_bytes;
    size_t overhead = agent_envelope_overhead(agent);
    size_t largest = limit - overhead;
    size_t size = overhead;
    size_t taken[3] = {0, 0, 0};
    /* first pass: decide how many events of each queue fit, dropping oversize heads */
    for (int k = 0; k < 3; k++) {
        event_queue_t *queue = &agent->queues[order[k]];
        queued_event_t *cursor = queue->head;
        while (cursor != NULL) {
            if (cursor->length > largest) {
                if (taken[k] == 0) {
                    event_queue_drop_head(agent, order[k]);
                    cursor = queue->head;
                    continue;
                }
                cursor = cursor->next; /* dropped in the second pass, when it reaches the head */
                continue;
            }
            size_t add = cursor->length + (size > overhead ? 1 : 0);
            if (size + add > limit)
                break;
            size += add;
            taken[k]++;
            cursor = cursor->next;
        }
    }
    if (size == overhead)
        return 0;
    message_t *m = alloc_malloc(&agent->allocator, sizeof *m + size + 1);
    if (m == NULL) {
        agent_fail(agent, SA_ERR_NO_MEMORY, "out of memory building a message");
        return -1;
    }
    char *at = m->body;
    at += sprintf(at, "{\"AgentVersion\":\"%.*s\",\"AgentId\":\"%.36s\",\"MessageSchemaVersion\":\"1.0\",\"Events\":[",
                  (int)agent->agent_version_length, agent->agent_version, agent->agent_id);
    int first = 1;
    for (int k = 0; k < 3; k++) {
        event_queue_t *queue = &agent->queues[order[k]];
        for (size_t i = 0; i < taken[k]; i++) {
            while (queue->head->length > largest)
                event_queue_drop_head(agent, order[k]);
            queued_event_t *e = event_queue_pop(agent, order[k]);
            if (!first)
                *at++ = ',';
            first = 0;
            memcpy(at, e->json, e->length);
            at += e->length;
            alloc_free(&agent->allocator, e);
        }
        /* an oversize event never blocks the queue behind it (core-rules section 5) */
        while (taken[k] > 0 && queue->head != NULL && queue->head->length > largest)
            event_queue_drop_head(agent, order[k]);
    }
    memcpy(at, "]}", 3);
    m->next = NULL;
    m->priority = (sa_queue_t)q;
    m->length = size;
    if (agent->messages_tail == NULL)
        agent->messages_head = m;
    else
        agent->messages_tail->next = m;
    agent->messages_tail = m;
    agent->message_count++;
    agent->messages_sent++;
    agent->report.messages_sent++;
    if (size < 4096)
        agent->report.messages_under_4kb++;
    return 1;
}
