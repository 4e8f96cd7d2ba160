using System.Globalization;
using System.Net;
using SecurityAgent.Collectors.Linux.Audit;
using SecurityAgent.Collectors.Linux.Net;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Login;

/// <summary>
/// Turns the user-space audit records that PAM and login programs send (USER_AUTH, USER_START,
/// USER_LOGIN) into Login items: the sender's pid, the operation (op), the executable (exe), the
/// result (res), the account (acct, or the uid in id) and the remote address (addr).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class AuditLoginParser
{
    private const string UnsetId = "4294967295";

    /// <summary>Whether <paramref name="type"/> is one of the login record types.</summary>
    public static bool IsLoginRecord(int type) =>
        type is AuditRecordType.UserAuth or AuditRecordType.UserStart or AuditRecordType.UserLogin;

    /// <summary>The item of <paramref name="record"/>, or null when it is not a login record or lacks pid or identity.</summary>
    /// <param name="record">One audit record.</param>
    /// <param name="malformed">Whether a login record was skipped because it lacked required fields.</param>
    public static LoginPayload? Parse(AuditRecord record, out bool malformed)
    {
        malformed = false;
        if (!IsLoginRecord(record.Type))
        {
            return null;
        }
        var account = Text(record["acct"]);
        var id = record["id"];
        // written as the number it is: the schema's uid has 1 to 10 digits, "0001000" would break it
        var userId = id is not null && id != UnsetId && uint.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            ? uid.ToString(CultureInfo.InvariantCulture)
            : null;
        if (!uint.TryParse(record["pid"], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || record["op"] is not { Length: > 0 } operation
            || (account is null && userId is null))
        {
            malformed = true;
            return null;
        }
        var extra = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["RecordType"] = record.Type switch
            {
                AuditRecordType.UserAuth => "USER_AUTH",
                AuditRecordType.UserStart => "USER_START",
                _ => "USER_LOGIN",
            },
        };
        if (Text(record["terminal"]) is { } terminal)
        {
            extra["Terminal"] = terminal;
        }
        if (Text(record["hostname"]) is { } host)
        {
            extra["Hostname"] = host;
        }
        var address = record["addr"];
        return new LoginPayload
        {
            ProcessId = pid,
            Operation = AuditRecordParser.DecodeHex(operation),
            Executable = Text(record["exe"]) ?? "[unknown]",
            Result = record["res"] is "success" or "yes" or "1" ? LoginResult.Success : LoginResult.Fail,
            UserId = userId,
            UserName = account,
            RemoteAddress = address is not null && IPAddress.TryParse(address, out var ip) ? AddressText.Canonical(ip) : null,
            ExtraDetails = extra,
        };
    }

    // A value that decodes to nothing (hex of NULs or spaces) is absent too: the schema wants a
    // non-empty UserName and Executable.
    private static string? Text(string? value) =>
        string.IsNullOrEmpty(value) || value is "?" or "(null)" ? null : AuditRecordParser.DecodeHex(value) is { Length: > 0 } text ? text : null;
}
