using SecurityAgent.Collectors.Linux.Audit;

namespace SecurityAgent.Collectors.Linux.Tests.Audit;

/// <summary>Replays a recorded audit stream (log-line form) into completed events.</summary>
internal static class AuditLog
{
    public static List<IReadOnlyList<AuditRecord>> Events(string path, out int malformed)
    {
        var assembler = new AuditEventAssembler();
        var events = new List<IReadOnlyList<AuditRecord>>();
        malformed = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (AuditRecordParser.TryParseLogLine(line, out var record))
            {
                assembler.Add(record, events);
            }
            else
            {
                malformed++;
            }
        }
        assembler.Flush(events);
        return events;
    }
}
