/* bench.c - the C# core benchmark's workload through libsecagent, no P/Invoke: each
 * iteration creates a fresh core (deterministic ids, manual clock, a cache large enough that
 * nothing is evicted, statistics events off), submits 100,000 pre-built events, then ticks six
 * hours later so that every aggregator flushes and every event is written into messages.
 * Event building is outside the timed region (as a collector would have made them).
 * Prints the median events/s per workload, and heap bytes per aggregated key. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "secagent.h"

#define EVENTS 100000
#define ITERATIONS 11
#define T0 INT64_C(1709630102123)
#define S(text) text, strlen(text)

static const char twin[] = "{\"maxLocalCacheSizeInBytes\":{\"value\":2147483647},"
                           "\"eventPriorityDroppedEventsStatistics\":{\"value\":\"Off\"},"
                           "\"eventPriorityMessageStatistics\":{\"value\":\"Off\"}}";

static void check(sa_status_t status, const char *what)
{
    if (status != SA_OK) {
        fprintf(stderr, "%s: %s\n", what, sa_strerror(status));
        exit(1);
    }
}

static sa_event_t *process_create(sa_agent_t *agent, int index, int unique)
{
    char line[96];
    sa_event_t *e = NULL;
    snprintf(line, sizeof line, "/usr/bin/python3 /opt/app/worker.py --job %d --mode batch", unique ? index : index % 50);
    check(sa_event_create(agent, S("ProcessCreate"), &e), "create");
    check(sa_event_set_string(e, S("Executable"), S("/usr/bin/python3")), "set");
    check(sa_event_set_integer(e, S("ProcessId"), 1000 + index), "set");
    check(sa_event_set_integer(e, S("ParentProcessId"), 1), "set");
    check(sa_event_set_string(e, S("UserId"), S("1000")), "set");
    check(sa_event_set_string(e, S("CommandLine"), line, strlen(line)), "set");
    check(sa_event_set_timestamp(e, T0 + index / 100), "set");
    return e;
}

static sa_event_t *connection_create(sa_agent_t *agent, int index)
{
    char port[8];
    sa_event_t *e = NULL;
    snprintf(port, sizeof port, "%d", 30000 + index % 20000);
    check(sa_event_create(agent, S("ConnectionCreate"), &e), "create");
    check(sa_event_set_string(e, S("RemoteAddress"), S("192.0.2.10")), "set");
    check(sa_event_set_string(e, S("RemotePort"), S("443")), "set");
    check(sa_event_set_string(e, S("Direction"), S("Out")), "set");
    check(sa_event_set_string(e, S("Protocol"), S("tcp")), "set");
    check(sa_event_set_integer(e, S("ProcessId"), 2000 + index), "set");
    check(sa_event_set_string(e, S("Executable"), S("/usr/bin/curl")), "set");
    check(sa_event_set_string(e, S("LocalPort"), port, strlen(port)), "set");
    check(sa_event_set_timestamp(e, T0 + index / 100), "set");
    return e;
}

/* workload: 0 RealisticMix, 1 AllUnique, 2 RepeatedOnly */
static sa_event_t *make(sa_agent_t *agent, int workload, int i)
{
    if (workload == 1)
        return process_create(agent, i, 1);
    if (workload == 2)
        return process_create(agent, i, 0);
    if (i % 10 == 9)
        return connection_create(agent, i);
    return process_create(agent, i, i % 20 == 0); /* 5 % unique executions */
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static sa_agent_t *new_agent(void)
{
    sa_options_t *options = NULL;
    sa_agent_t *agent = NULL;
    check(sa_options_create(&options), "options");
    check(sa_options_set_deterministic(options, 1), "options");
    check(sa_agent_create(options, T0, &agent), "agent");
    sa_options_destroy(options);
    check(sa_agent_apply_twin(agent, twin, strlen(twin)), "twin");
    return agent;
}

int main(void)
{
    static const char *const names[] = {"RealisticMix", "AllUnique", "RepeatedOnly"};
    static sa_event_t *events[EVENTS];
    printf("libsecagent %s, %d events per iteration, median of %d iterations\n", sa_version(), EVENTS, ITERATIONS);
    for (int w = 0; w < 3; w++) {
        double seconds[ITERATIONS];
        size_t bytes = 0, messages = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            sa_agent_t *agent = new_agent();
            for (int i = 0; i < EVENTS; i++)
                events[i] = make(agent, w, i);
            double start = now_seconds();
            for (int i = 0; i < EVENTS; i++)
                check(sa_agent_submit(agent, events[i]), "submit");
            size_t ready = 0;
            check(sa_agent_tick(agent, T0 + INT64_C(6) * 3600000, &ready, NULL), "tick");
            const char *body;
            size_t length;
            bytes = 0;
            messages = 0;
            while (sa_agent_take_message(agent, &body, &length, NULL) == SA_OK) {
                bytes += length;
                messages++;
            }
            seconds[it] = now_seconds() - start;
            for (int i = 0; i < EVENTS; i++)
                sa_event_destroy(events[i]);
            sa_agent_destroy(agent);
        }
        qsort(seconds, ITERATIONS, sizeof seconds[0], compare);
        double median = seconds[ITERATIONS / 2];
        printf("%-13s median %7.1f ns/event  %6.2f M events/s  (%zu messages, %zu bytes)\n", names[w],
               median * 1e9 / EVENTS, EVENTS / median / 1e6, messages, bytes);
    }
    /* heap bytes per aggregated key: 10,000 distinct ProcessCreate keys held by the aggregator */
    sa_agent_t *agent = new_agent();
    const char keys_twin[] = "{\"aggregationMaxDistinctKeys\":{\"value\":65536}}";
    check(sa_agent_apply_twin(agent, keys_twin, strlen(keys_twin)), "twin");
    uint64_t before = 0, after = 0;
    sa_event_t *e = process_create(agent, 0, 1);
    check(sa_agent_get_counter(agent, SA_COUNTER_HEAP_BYTES, SA_QUEUE_ALL, &before), "counter");
    for (int i = 0; i < 10000; i++) {
        char line[96];
        snprintf(line, sizeof line, "/usr/bin/python3 /opt/app/worker.py --job %d --mode batch", i);
        check(sa_event_set_string(e, S("CommandLine"), line, strlen(line)), "set");
        check(sa_agent_submit(agent, e), "submit");
        /* the event's arena grows with each set; measure the agent without it */
    }
    check(sa_agent_get_counter(agent, SA_COUNTER_HEAP_BYTES, SA_QUEUE_ALL, &after), "counter");
    sa_event_destroy(e);
    uint64_t arena_growth = 0;
    {
        sa_event_t *probe = process_create(agent, 0, 1);
        uint64_t a = 0, b = 0;
        check(sa_agent_get_counter(agent, SA_COUNTER_HEAP_BYTES, SA_QUEUE_ALL, &a), "counter");
        sa_event_destroy(probe);
        check(sa_agent_get_counter(agent, SA_COUNTER_HEAP_BYTES, SA_QUEUE_ALL, &b), "counter");
        arena_growth = a - b; /* one fresh event's size, for reference */
    }
    printf("heap per aggregated key: %.0f bytes (10,000 keys, command line of ~60 bytes; one event is %llu bytes)\n",
           (double)(after - before) / 10000.0, (unsigned long long)arena_growth);
    sa_agent_destroy(agent);
    return 0;
}
