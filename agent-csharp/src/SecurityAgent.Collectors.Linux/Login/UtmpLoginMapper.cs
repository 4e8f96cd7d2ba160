using SecurityAgent.Collectors.Linux.Net;
using SecurityAgent.Collectors.Linux.Proc;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Login;

/// <summary>
/// Turns wtmp and btmp records into Login items: a USER_PROCESS record of wtmp is a successful
/// login, a LOGIN_PROCESS or USER_PROCESS record of btmp a failed one; other records (logouts,
/// boot, run level) are not logins.
/// </summary>
internal static class UtmpLoginMapper
{
    private const int LoginProcess = 6;
    private const int UserProcess = 7;

    /// <summary>The item of <paramref name="record"/>, or null when it is not a login.</summary>
    /// <param name="record">One record.</param>
    /// <param name="failed">Whether it comes from btmp.</param>
    /// <param name="proc">Names the executable of a process still running; null to leave it unknown.</param>
    public static LoginPayload? Map(UtmpRecord record, bool failed, ProcFileSystem? proc)
    {
        if (record.User.Length == 0 || !(record.Type == UserProcess || (failed && record.Type == LoginProcess)))
        {
            return null;
        }
        var extra = new Dictionary<string, string>(StringComparer.Ordinal) { ["Source"] = failed ? "btmp" : "wtmp" };
        if (record.Line.Length > 0)
        {
            extra["Terminal"] = record.Line;
        }
        if (record.Host.Length > 0)
        {
            extra["Hostname"] = record.Host;
        }
        return new LoginPayload
        {
            ProcessId = record.ProcessId,
            Operation = "login",
            Executable = (record.ProcessId != 0 ? proc?.ReadExecutable(record.ProcessId) : null) ?? "[unknown]",
            Result = failed ? LoginResult.Fail : LoginResult.Success,
            UserName = record.User,
            RemoteAddress = record.Address is { } address ? AddressText.Canonical(address) : null,
            ExtraDetails = extra,
        };
    }
}
