/* event_model.c - the table of event models (see event_model.h). */
#include "event_model.h"

#include <string.h>

#define S(n, req) {n, SA_TEXT_LIMIT, FIELD_STRING, req}
#define CMD(n, req) {n, SA_COMMAND_LINE_LIMIT, FIELD_STRING, req}
#define I(n, req) {n, 0, FIELD_INTEGER, req}
#define B(n, req) {n, 0, FIELD_BOOLEAN, req}

const event_model_t event_models[MODEL_COUNT] = {
    [MODEL_LISTENING_PORTS] = {"ListeningPorts", KIND_SECURITY, CATEGORY_PERIODIC, AGGREGATE_NONE, 0, 5,
        {S("LocalPort", 1), S("Protocol", 1), S("LocalAddress", 0), S("RemoteAddress", 0), S("RemotePort", 0)}},
    [MODEL_PROCESS_CREATE] = {"ProcessCreate", KIND_SECURITY, CATEGORY_TRIGGERED, AGGREGATE_PROCESS_CREATE, 0, 6,
        {S("Executable", 1), I("ProcessId", 1), I("ParentProcessId", 1), S("UserId", 1), CMD("CommandLine", 1),
         S("UserName", 0)}},
    [MODEL_PROCESS_TERMINATE] = {"ProcessTerminate", KIND_SECURITY, CATEGORY_TRIGGERED, AGGREGATE_PROCESS_TERMINATE,
        0, 3, {S("Executable", 1), I("ProcessId", 1), I("ExitStatus", 1)}},
    [MODEL_SYSTEM_INFORMATION] = {"SystemInformation", KIND_SECURITY, CATEGORY_PERIODIC, AGGREGATE_NONE, 0, 11,
        {S("OSName", 0), S("OSVersion", 0), S("OSVendor", 0), S("OsArchitecture", 0), S("HostName", 0),
         S("BIOSVersion", 0), S("BootDevice", 0), I("TotalPhysicalMemoryInKB", 0), I("FreePhysicalMemoryInKB", 0),
         I("TotalVirtualMemoryInKB", 0), I("FreeVirtualMemoryInKB", 0)}},
    [MODEL_LOCAL_USERS] = {"LocalUsers", KIND_SECURITY, CATEGORY_PERIODIC, AGGREGATE_NONE, 0, 4,
        {S("UserName", 1), S("UserId", 1), S("GroupNames", 1), S("GroupIds", 1)}},
    [MODEL_LOGIN] = {"Login", KIND_SECURITY, CATEGORY_TRIGGERED, AGGREGATE_NONE, 1, 9,
        {I("ProcessId", 1), S("Operation", 1), S("Executable", 1), S("Result", 1), S("UserId", 0), S("UserName", 0),
         S("RemoteAddress", 0), S("RemotePort", 0), S("LocalPort", 0)}},
    [MODEL_CONNECTION_CREATE] = {"ConnectionCreate", KIND_SECURITY, CATEGORY_TRIGGERED,
        AGGREGATE_CONNECTION_CREATE, 0, 10,
        {S("RemoteAddress", 1), S("RemotePort", 1), S("Direction", 1), S("Protocol", 1), I("ProcessId", 1),
         S("Executable", 1), S("LocalAddress", 0), S("LocalPort", 0), S("UserId", 0), CMD("CommandLine", 0)}},
    [MODEL_FIREWALL_CONFIGURATION] = {"FirewallConfiguration", KIND_SECURITY, CATEGORY_PERIODIC, AGGREGATE_NONE, 0,
        11, {B("Enabled", 1), S("Action", 1), I("Priority", 0), S("Direction", 0), S("ChainName", 0),
             S("Application", 0), S("SourceAddress", 0), S("SourcePort", 0), S("DestinationAddress", 0),
             S("DestinationPort", 0), S("Protocol", 0)}},
    [MODEL_OS_BASELINE] = {"OSBaseline", KIND_SECURITY, CATEGORY_PERIODIC, AGGREGATE_NONE, 0, 5,
        {S("Description", 1), S("CceId", 1), S("Result", 1), S("Error", 1), S("Severity", 1)}},
    [MODEL_DIAGNOSTIC] = {"Diagnostic", KIND_DIAGNOSTIC, CATEGORY_TRIGGERED, AGGREGATE_NONE, 0, 5,
        {S("Severity", 1), S("Message", 1), I("ProcessId", 1), I("ThreadId", 1), S("CorrelationId", 0)}},
    [MODEL_CONFIGURATION_ERROR] = {"ConfigurationError", KIND_OPERATIONAL, CATEGORY_TRIGGERED, AGGREGATE_NONE, 0, 4,
        {S("ConfigurationName", 1), S("ErrorType", 1), S("UsedConfiguration", 1), S("Message", 1)}},
    [MODEL_DROPPED_EVENTS_STATISTICS] = {"DroppedEventsStatistics", KIND_OPERATIONAL, CATEGORY_PERIODIC,
        AGGREGATE_NONE, 0, 3, {S("Queue", 1), I("CollectedEvents", 1), I("DroppedEvents", 1)}},
    [MODEL_MESSAGE_STATISTICS] = {"MessageStatistics", KIND_OPERATIONAL, CATEGORY_PERIODIC, AGGREGATE_NONE, 0, 3,
        {I("MessagesSent", 1), I("MessagesUnder4KB", 1), I("TotalFailed", 1)}},
    [MODEL_HEARTBEAT] = {"Heartbeat", KIND_OPERATIONAL, CATEGORY_PERIODIC, AGGREGATE_NONE, 0, 3,
        {I("UptimeInSeconds", 1), S("ConnectionState", 1), I("QueuedEvents", 1)}},
};

static int same(const char *a, const char *b, size_t length)
{
    return strlen(a) == length && memcmp(a, b, length) == 0;
}

int event_model_find(const char *name, size_t length)
{
    for (int i = 0; i < MODEL_COUNT; i++)
        if (same(event_models[i].name, name, length))
            return i;
    return -1;
}

int event_model_field(const event_model_t *model, const char *name, size_t length)
{
    for (int i = 0; i < model->field_count; i++)
        if (same(model->fields[i].name, name, length))
            return i;
    return -1;
}
