/*
 * secagent.h - the public API of libsecagent, the core of the C security agent.
 *
 * Conventions (docs/c-api.md describes them in full):
 *  - every function that can fail returns an sa_status_t, 0 (SA_OK) on success; results come
 *    through out-parameters, which are left untouched on failure;
 *  - sa_strerror() turns a status into a static, never-NULL message, and
 *    sa_agent_last_error() gives the detail of the last failure on an agent;
 *  - strings go in as UTF-8 bytes with a length (they need no NUL terminator); strings and
 *    buffers handed out stay owned by the library and are valid until the call named in
 *    each function's comment;
 *  - the library keeps no global state. Each sa_agent_t and the events created on it must be
 *    used by one thread at a time; different agents may be used from different threads.
 *  - every *_destroy(NULL) is a no-op.
 */
#ifndef SECAGENT_H
#define SECAGENT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(SA_BUILDING_LIBRARY)
#define SA_API __attribute__((visibility("default")))
#else
#define SA_API
#endif

/* Status codes. The C# wrapper mirrors them as SaStatus (SA_ERR_X <-> SaStatus.X). */
typedef enum sa_status {
    SA_OK = 0,
    SA_ERR_INVALID_ARGUMENT = 1,  /* NULL handle or pointer, bad length, value out of range */
    SA_ERR_NO_MEMORY = 2,         /* an allocation failed or the agent's memory limit is hit */
    SA_ERR_UNKNOWN_EVENT = 3,     /* the event name is not one of the known events */
    SA_ERR_UNKNOWN_FIELD = 4,     /* the event has no payload field of that name */
    SA_ERR_FIELD_TYPE = 5,        /* the field exists but has another type */
    SA_ERR_MISSING_FIELD = 6,     /* a required payload field was not set */
    SA_ERR_BAD_JSON = 7,          /* the twin text is not well-formed JSON */
    SA_ERR_BAD_CONFIGURATION = 8, /* the twin is JSON but breaks the twin schema */
    SA_ERR_TOO_LARGE = 9,         /* input larger than the library accepts */
    SA_ERR_EMPTY = 10,            /* nothing to take (no message ready) */
    SA_ERR_INVALID_STATE = 11,    /* the call does not fit the object's state */
    SA_ERR_IO = 12                /* a collector could not read its OS source (detail: errno) */
} sa_status_t;

/* The queues of the pipeline, also used to name a queue in sa_agent_get_counter(). */
typedef enum sa_queue {
    SA_QUEUE_HIGH = 0,
    SA_QUEUE_LOW = 1,
    SA_QUEUE_OPERATIONAL = 2,
    SA_QUEUE_ALL = 3 /* only for sa_agent_get_counter(): the sum over the three queues */
} sa_queue_t;

/* Counters (cumulative since the agent was created). collected = sent + dropped + queued. */
typedef enum sa_counter {
    SA_COUNTER_COLLECTED_EVENTS = 0, /* events that entered the queue */
    SA_COUNTER_DROPPED_EVENTS = 1,   /* events the queue rejected or evicted */
    SA_COUNTER_QUEUED_EVENTS = 2,    /* events waiting in the queue now */
    SA_COUNTER_SENT_EVENTS = 3,      /* events that left the queue in a message */
    SA_COUNTER_MESSAGES_SENT = 4,    /* messages built (queue ignored) */
    SA_COUNTER_ROUTER_DROPPED_EVENTS = 5, /* events the router dropped: priority Off (queue ignored) */
    SA_COUNTER_HEAP_BYTES = 6        /* bytes the agent holds on the heap now (queue ignored) */
} sa_counter_t;

typedef struct sa_options sa_options_t;
typedef struct sa_agent sa_agent_t;
typedef struct sa_event sa_event_t;

/* ---- Library ---------------------------------------------------------------------------- */

/*
 * sa_version - the version of the library, the repository's single version number.
 *
 * Returns a static, NUL-terminated UTF-8 string such as "0.1.0"; never NULL, never freed.
 */
SA_API const char *sa_version(void);

/*
 * sa_strerror - a human-readable message for a status code.
 *
 * Returns a static, NUL-terminated string; never NULL (unknown codes get a generic text).
 */
SA_API const char *sa_strerror(sa_status_t status);

/* ---- Options ---------------------------------------------------------------------------- */

/*
 * sa_options_create - options with defaults: random event ids, UTC offset +00:00,
 * agent id 00000000-0000-0000-0000-000000000000, agent version sa_version(), no memory limit.
 *
 * out: receives the new options; the caller owns them and frees them with sa_options_destroy.
 * Returns SA_OK, SA_ERR_INVALID_ARGUMENT (out NULL) or SA_ERR_NO_MEMORY.
 */
SA_API sa_status_t sa_options_create(sa_options_t **out);

/* sa_options_destroy - frees options; NULL is a no-op. Agents created from them are unaffected. */
SA_API void sa_options_destroy(sa_options_t *options);

/*
 * sa_options_set_agent_id - the AgentId of every message: a GUID, 36 characters, hex digits
 * in either case (written in lower case). Returns SA_ERR_INVALID_ARGUMENT if not a GUID.
 */
SA_API sa_status_t sa_options_set_agent_id(sa_options_t *options, const char *id, size_t length);

/*
 * sa_options_set_agent_version - the AgentVersion of every message: 1 to 64 bytes of UTF-8.
 * Returns SA_ERR_INVALID_ARGUMENT if empty, longer, or not valid UTF-8.
 */
SA_API sa_status_t sa_options_set_agent_version(sa_options_t *options, const char *version, size_t length);

/*
 * sa_options_set_deterministic - deterministic mode: the n-th event id is
 * 00000000-0000-4000-8000-<n as 12 hex digits> (n from 1), drawn as events are accepted into
 * a queue. The clock is always manual (see sa_agent_create) and the UTC offset always fixed
 * (sa_options_set_utc_offset), so this makes the agent's output a function of its inputs.
 * enabled: non-zero to enable. Returns SA_ERR_INVALID_ARGUMENT on a NULL handle.
 */
SA_API sa_status_t sa_options_set_deterministic(sa_options_t *options, int enabled);

/*
 * sa_options_set_utc_offset - fixes the offset of every local timestamp, in minutes east of
 * UTC (-720 to 840). Returns SA_ERR_INVALID_ARGUMENT outside that range.
 */
SA_API sa_status_t sa_options_set_utc_offset(sa_options_t *options, int minutes);

/*
 * sa_options_set_memory_limit - the most heap bytes the agent may hold (0: no limit). An
 * allocation beyond it fails like malloc failing: the call reports SA_ERR_NO_MEMORY and the
 * agent stays usable. The limit counts the agent itself too, so a limit smaller than it makes
 * sa_agent_create fail with SA_ERR_NO_MEMORY.
 */
SA_API sa_status_t sa_options_set_memory_limit(sa_options_t *options, size_t bytes);

/* ---- Agent ------------------------------------------------------------------------------ */

/*
 * sa_agent_create - a new agent core with the default twin configuration.
 *
 * options: read, not kept; NULL means defaults. start_ms: the agent's start, milliseconds
 * since the Unix epoch (UTC); the clock of the agent is manual: it moves only through
 * sa_agent_tick(). out: receives the agent, freed with sa_agent_destroy.
 * Returns SA_OK, SA_ERR_INVALID_ARGUMENT or SA_ERR_NO_MEMORY.
 */
SA_API sa_status_t sa_agent_create(const sa_options_t *options, int64_t start_ms, sa_agent_t **out);

/* sa_agent_destroy - frees the agent and every message it holds; NULL is a no-op. */
SA_API void sa_agent_destroy(sa_agent_t *agent);

/*
 * sa_agent_last_error - the detail of the last failed call on this agent (or on an event
 * created from it), or "" after a success. Static to the agent: valid until the next call on
 * it. NULL agent gives "".
 */
SA_API const char *sa_agent_last_error(const sa_agent_t *agent);

/*
 * sa_agent_apply_twin - applies the desired twin configuration object (the contents of
 * ms_iotn:urn_azureiot_Security_SecurityAgentConfiguration), as a whole: keys it does not
 * carry take their defaults; "{}" restores every default (docs/core-rules.md section 8).
 *
 * A bad update is rejected whole: the configuration in force stays, a ConfigurationError
 * event (TypeMismatch) is queued, and SA_ERR_BAD_JSON (not JSON) or SA_ERR_BAD_CONFIGURATION
 * (schema broken) is returned with the detail in sa_agent_last_error(). An accepted update
 * returns SA_OK and may still queue NotOptimal or Conflict ConfigurationError events.
 * json: UTF-8, at most 65536 bytes (else SA_ERR_TOO_LARGE, nothing queued).
 */
SA_API sa_status_t sa_agent_apply_twin(sa_agent_t *agent, const char *json, size_t length);

/*
 * sa_agent_get_reported - the reported properties for the configuration in force: every
 * key as {"value": ...}, canonical JSON. *json stays valid until the next call of this
 * function on the agent or its destruction; it is NUL-terminated.
 */
SA_API sa_status_t sa_agent_get_reported(sa_agent_t *agent, const char **json, size_t *length);

/*
 * sa_agent_submit - hands a raw event to the router (and, for ProcessCreate,
 * ConnectionCreate and ProcessTerminate, to the aggregator). The event is copied; the caller
 * keeps it and may reset and reuse it. Returns SA_ERR_MISSING_FIELD if a required field of
 * some payload item is missing; SA_ERR_NO_MEMORY if it could not be kept (counted dropped).
 * A dropped event (priority Off, queue full) is not an error: see the counters. Only Security
 * events may be submitted (SA_ERR_INVALID_ARGUMENT otherwise).
 */
SA_API sa_status_t sa_agent_submit(sa_agent_t *agent, const sa_event_t *event);

/*
 * sa_agent_tick - advances the agent's clock to now_ms and runs what is due, in the order of
 * docs/core-rules.md section 6: aggregation windows, snapshot statistics
 * (DroppedEventsStatistics, MessageStatistics), Heartbeat, then messages (High, Low, size).
 * messages_ready (may be NULL) receives the number of messages waiting for
 * sa_agent_take_message(). A now_ms earlier than the clock is treated as the clock (time never
 * goes backwards). snapshot_due (may be NULL) receives 1 when the host should run its Periodic
 * collectors now, else 0.
 */
SA_API sa_status_t sa_agent_tick(sa_agent_t *agent, int64_t now_ms, size_t *messages_ready, int *snapshot_due);

/*
 * sa_agent_flush_all - builds everything the agent holds, whatever the schedule (at shutdown):
 * every aggregator is flushed (ProcessCreate, ConnectionCreate, ProcessTerminate; the window
 * ending at the agent's clock), then High-path messages are built until the High and
 * Operational queues are empty, then Low-path messages until the Low queue is empty
 * (docs/core-rules.md section 6). Snapshot, Heartbeat and send times are left as they were.
 * The messages are taken with sa_agent_take_message(), in build order. messages_ready (may be
 * NULL) receives the number of messages waiting. Returns SA_OK or SA_ERR_INVALID_ARGUMENT.
 */
SA_API sa_status_t sa_agent_flush_all(sa_agent_t *agent, size_t *messages_ready);

/*
 * sa_agent_take_message - the oldest built message: its UTF-8 body, its length and the
 * queue whose schedule produced it (SA_QUEUE_HIGH or SA_QUEUE_LOW). *body stays valid until
 * the next sa_agent_take_message() on the agent or its destruction. SA_ERR_EMPTY when none.
 */
SA_API sa_status_t sa_agent_take_message(sa_agent_t *agent, const char **body, size_t *length,
                                         sa_queue_t *priority);

/*
 * sa_agent_record_send_failure - tells the agent that a message it built could not be
 * delivered; counted as TotalFailed in the next MessageStatistics event.
 */
SA_API sa_status_t sa_agent_record_send_failure(sa_agent_t *agent);

/*
 * sa_agent_submit_log - an agent log record; it becomes a Diagnostic event when severity is at
 * least diagnosticEventsMinimumSeverity. severity: 0 Debug, 1 Information, 2 Warning, 3 Error,
 * 4 Fatal. correlation_id: NULL (length 0) or a GUID text. Message truncated to 1024 bytes.
 */
SA_API sa_status_t sa_agent_submit_log(sa_agent_t *agent, int severity, const char *message, size_t message_length,
                                       uint32_t process_id, uint32_t thread_id, const char *correlation_id,
                                       size_t correlation_id_length);

/* sa_agent_set_connected - the hub connection state the next Heartbeat reports (0 or 1). */
SA_API sa_status_t sa_agent_set_connected(sa_agent_t *agent, int connected);

/* sa_agent_get_counter - reads one counter (see sa_counter_t) for a queue or all queues. */
SA_API sa_status_t sa_agent_get_counter(const sa_agent_t *agent, sa_counter_t counter, sa_queue_t queue,
                                        uint64_t *value);

/* ---- Events ----------------------------------------------------------------------------- */

/*
 * sa_event_create - an empty event of a known name (ProcessCreate, Login, ListeningPorts, ...)
 * with one empty payload item, timestamped at the agent's clock unless
 * sa_event_set_timestamp() says otherwise. The event uses the agent's memory and must be
 * destroyed before it. Returns SA_ERR_UNKNOWN_EVENT for an unknown name.
 */
SA_API sa_status_t sa_event_create(sa_agent_t *agent, const char *name, size_t name_length, sa_event_t **out);

/* sa_event_destroy - frees the event; NULL is a no-op. */
SA_API void sa_event_destroy(sa_event_t *event);

/* sa_event_reset - empties the event for reuse as a new event of `name` (same rules as create). */
SA_API sa_status_t sa_event_reset(sa_event_t *event, const char *name, size_t name_length);

/* sa_event_set_timestamp - the event's time, milliseconds since the Unix epoch (UTC). */
SA_API sa_status_t sa_event_set_timestamp(sa_event_t *event, int64_t time_ms);

/*
 * sa_event_add_item - starts a new payload item; later fields go into it. A Periodic event
 * may have many items (a snapshot); other events only one (else SA_ERR_INVALID_STATE).
 */
SA_API sa_status_t sa_event_add_item(sa_event_t *event);

/*
 * sa_event_set_string - sets a string field of the current item. The value is repaired
 * (invalid UTF-8 becomes U+FFFD) and truncated to its limit (CommandLine 4096 bytes, others
 * 1024) as schemas/CANONICAL.md says. Setting a field twice keeps the last value. Returns
 * SA_ERR_UNKNOWN_FIELD or SA_ERR_FIELD_TYPE for a field the event does not have as a string.
 * Values over 1 MiB are SA_ERR_TOO_LARGE.
 */
SA_API sa_status_t sa_event_set_string(sa_event_t *event, const char *field, size_t field_length,
                                       const char *value, size_t value_length);

/* sa_event_set_integer - sets an integer field of the current item (same errors). */
SA_API sa_status_t sa_event_set_integer(sa_event_t *event, const char *field, size_t field_length, int64_t value);

/* sa_event_set_boolean - sets a boolean field of the current item (same errors). */
SA_API sa_status_t sa_event_set_boolean(sa_event_t *event, const char *field, size_t field_length, int value);

/*
 * sa_event_add_detail - adds an ExtraDetails entry to the current item; key and value are
 * repaired and truncated like strings; an empty key is SA_ERR_INVALID_ARGUMENT. A key the item
 * already has (as given, or once repaired and truncated) is ignored: the first entry is kept
 * (schemas/CANONICAL.md section 2.1).
 * The keys HitCount, StartTimeLocal, StartTimeUtc, EndTimeLocal and EndTimeUtc of an event
 * that gets aggregated are overwritten by the aggregator.
 */
SA_API sa_status_t sa_event_add_detail(sa_event_t *event, const char *key, size_t key_length,
                                       const char *value, size_t value_length);

/*
 * sa_event_to_json - the canonical JSON of the event as it would be queued now (id from the
 * agent's id source is not consumed: the Id shown is all zeros). *json stays valid until
 * the next call of this function on the event, a change to it, or its destruction.
 */
SA_API sa_status_t sa_event_to_json(sa_event_t *event, const char **json, size_t *length);

/* ---- Collectors ------------------------------------------------------------------------- */

/*
 * The Linux collectors of the C agent (docs/c-daemon.md, "Collectors"), the same names, rules
 * and output as the C# ones: SystemInformation, LocalUsers, ListeningPorts (Periodic: one
 * snapshot per sa_collector_collect) and ProcessCreate (ProcessCreate and ProcessTerminate from
 * the proc connector, or /proc polling). Each reads the OS under a root path: "/" on a live
 * host, a fixture tree (fixtures/linux/<Collector>/root) in tests. A collector submits what it
 * makes to its agent, timestamped at the agent's clock (tick the agent first). A collector is
 * used by the thread that uses its agent, and must be destroyed before the agent.
 */
typedef struct sa_collector sa_collector_t;

/* Counters of a collector (cumulative). */
typedef enum sa_collector_counter {
    SA_COLLECTOR_SUBMITTED_EVENTS = 0, /* events handed to the agent */
    SA_COLLECTOR_MALFORMED = 1,        /* input lines, rows or messages skipped as malformed */
    SA_COLLECTOR_OVERFLOWS = 2,        /* live source overflows (the kernel dropped events) */
    SA_COLLECTOR_INCOMPLETE = 3,       /* processes gone before /proc was read */
    SA_COLLECTOR_FAILED_SNAPSHOTS = 4  /* snapshots that failed (nothing submitted) */
} sa_collector_counter_t;

/*
 * sa_collector_name_at - the name of the index-th collector of the registry (0 first), a
 * static string. Returns SA_ERR_EMPTY past the last one.
 */
SA_API sa_status_t sa_collector_name_at(size_t index, const char **name);

/*
 * sa_collector_create - a collector of the registry by name, reading the OS under root
 * (absolute, at most 255 bytes), submitting to agent (not owned; must outlive the collector).
 * Opens nothing yet (see sa_collector_start). out: freed with sa_collector_destroy.
 * Returns SA_ERR_INVALID_ARGUMENT for an unknown name or a bad root, or SA_ERR_NO_MEMORY.
 */
SA_API sa_status_t sa_collector_create(sa_agent_t *agent, const char *name, size_t name_length, const char *root,
                                       size_t root_length, sa_collector_t **out);

/* sa_collector_destroy - closes the collector's sources and frees it; NULL is a no-op. */
SA_API void sa_collector_destroy(sa_collector_t *collector);

/*
 * sa_collector_set_option - sets one option before start, by key; value is its text: an
 * integer, or one of the option's names. ProcessCreate: "source" (auto, proc_connector,
 * polling, recorded: no live source, input comes from sa_collector_feed), "receive_buffer_bytes"
 * (65536 to 67108864), "polling_interval_ms" (100 to 3600000). Returns SA_ERR_INVALID_ARGUMENT
 * (unknown key, bad value; detail in sa_collector_last_error) or SA_ERR_INVALID_STATE (started).
 */
SA_API sa_status_t sa_collector_set_option(sa_collector_t *collector, const char *key, size_t key_length,
                                           const char *value, size_t value_length);

/*
 * sa_collector_start - opens the live source (the proc connector, falling back to polling /proc
 * for source auto) and reads the state it starts from. Called by the first collect or feed if
 * not before. Returns SA_ERR_IO when the source is refused (detail says which errno).
 */
SA_API sa_status_t sa_collector_start(sa_collector_t *collector);

/*
 * sa_collector_collect - Periodic collectors: reads one snapshot and submits it as one event
 * (SA_ERR_IO when a source it needs cannot be read: nothing submitted, counted as a failed
 * snapshot). ProcessCreate: handles what the live source holds now, without waiting (for
 * polling, one listing of /proc).
 */
SA_API sa_status_t sa_collector_collect(sa_collector_t *collector);

/*
 * sa_collector_feed - recorded kernel input, as the live source delivers it: for ProcessCreate,
 * proc connector datagrams (whole netlink messages, one or several, in host order). Malformed
 * and truncated messages are counted and skipped. SA_ERR_INVALID_STATE for a collector without
 * a stream.
 */
SA_API sa_status_t sa_collector_feed(sa_collector_t *collector, const void *bytes, size_t length);

/* sa_collector_fd - the descriptor to poll for input once started, or -1 (none or Periodic). */
SA_API int sa_collector_fd(const sa_collector_t *collector);

/*
 * sa_collector_batch_delay_ms - once its descriptor is readable, how long the host may let more
 * input gather before sa_collector_collect (milliseconds; 0: collect at once). ProcessCreate
 * asks for 10 ms while execs are joined to audit records (they wait for those anyway), so that
 * an exec storm costs a wake-up per batch instead of one per datagram; events are at most that
 * much later. 0 for a collector not started.
 */
SA_API int sa_collector_batch_delay_ms(const sa_collector_t *collector);

/* sa_collector_is_periodic - 1 when the collector takes snapshots, 0 for a stream, -1 on NULL. */
SA_API int sa_collector_is_periodic(const sa_collector_t *collector);

/* sa_collector_get_counter - reads one counter (see sa_collector_counter_t). */
SA_API sa_status_t sa_collector_get_counter(const sa_collector_t *collector, sa_collector_counter_t counter,
                                            uint64_t *value);

/*
 * sa_collector_last_error - the detail of the last failure or notice of the collector (such as
 * "ProcessCreate: the proc connector was refused (errno 1); polling /proc every 1 s"), or "".
 * Valid until the next call on the collector. NULL gives "".
 */
SA_API const char *sa_collector_last_error(const sa_collector_t *collector);

#ifdef __cplusplus
}
#endif

#endif /* SECAGENT_H */
