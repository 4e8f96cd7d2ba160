/* event_queue.c - byte-budget queues with eviction (see event_queue.h). */
#include "event_queue.h"

#include <string.h>

#include "agent.h"

size_t event_queue_total_bytes(const sa_agent_t *agent)
{
    return agent->queues[0].bytes + agent->queues[1].bytes + agent->queues[2].bytes;
}

static void count_dropped(sa_agent_t *agent, int q)
{
    agent->queues[q].dropped++;
    agent->report.dropped[q]++;
}

void event_queue_drop_head(sa_agent_t *agent, int q)
{
    event_queue_t *queue = &agent->queues[q];
    queued_event_t *head = queue->head;
    if (head == NULL)
        return;
    queue->head = head->next;
    if (queue->head == NULL)
        queue->tail = NULL;
    queue->bytes -= head->length;
    queue->count--;
    count_dropped(agent, q);
    alloc_free(&agent->allocator, head);
}

queued_event_t *event_queue_pop(sa_agent_t *agent, int q)
{
    event_queue_t *queue = &agent->queues[q];
    queued_event_t *head = queue->head;
    if (head == NULL)
        return NULL;
    queue->head = head->next;
    if (queue->head == NULL)
        queue->tail = NULL;
    queue->bytes -= head->length;
    queue->count--;
    queue->sent++;
    return head;
}

/* The queues whose events a new event in queue q may evict, in eviction order. */
static int eligible(int q, int candidate)
{
    if (candidate == SA_QUEUE_LOW)
        return 1;
    if (candidate == SA_QUEUE_HIGH)
        return q == SA_QUEUE_HIGH || q == SA_QUEUE_OPERATIONAL;
    return q == SA_QUEUE_OPERATIONAL;
}

sa_status_t event_queue_offer(sa_agent_t *agent, int q, const char *json, size_t length, size_t id_offset)
{
    event_queue_t *queue = &agent->queues[q];
    size_t budget = (size_t)agent->config.max_cache_bytes;
    queue->collected++;
    agent->report.collected[q]++;
    if (length > (size_t)agent->config.max_message_bytes - agent_envelope_overhead(agent)) {
        count_dropped(agent, q);
        return SA_OK;
    }
    size_t used = event_queue_total_bytes(agent);
    if (used + length > budget) {
        size_t evictable = 0;
        static const int order[3] = {SA_QUEUE_LOW, SA_QUEUE_HIGH, SA_QUEUE_OPERATIONAL};
        for (int k = 0; k < 3; k++)
            if (eligible(q, order[k]))
                evictable += agent->queues[order[k]].bytes;
        if (used + length - evictable > budget) {
            count_dropped(agent, q);
            return SA_OK;
        }
        for (int k = 0; k < 3 && event_queue_total_bytes(agent) + length > budget; k++) {
            if (!eligible(q, order[k]))
                continue;
            while (agent->queues[order[k]].head != NULL && event_queue_total_bytes(agent) + length > budget)
                event_queue_drop_head(agent, order[k]);
        }
    }
    queued_event_t *item = alloc_malloc(&agent->allocator, sizeof *item + length);
    if (item == NULL) {
        count_dropped(agent, q);
        return agent_fail(agent, SA_ERR_NO_MEMORY, "out of memory: the event was dropped");
    }
    item->next = NULL;
    item->length = length;
    memcpy(item->json, json, length);
    agent_next_id(agent, item->json + id_offset);
    if (queue->tail == NULL)
        queue->head = item;
    else
        queue->tail->next = item;
    queue->tail = item;
    queue->bytes += length;
    queue->count++;
    return SA_OK;
}

void event_queue_release(sa_allocator_t *allocator, event_queue_t *queue)
{
    queued_event_t *e = queue->head;
    while (e != NULL) {
        queued_event_t *next = e->next;
        alloc_free(allocator, e);
        e = next;
    }
    memset(queue, 0, sizeof *queue);
}
