namespace SecurityAgent.Collectors.Linux.Audit;

/// <summary>The audit record types the collectors read (linux/audit.h), and their log names.</summary>
internal static class AuditRecordType
{
    public const int UserAuth = 1100;
    public const int UserAcct = 1101;
    public const int UserStart = 1105;
    public const int UserLogin = 1112;
    public const int Syscall = 1300;
    public const int Path = 1302;
    public const int Socketcall = 1304;
    public const int Sockaddr = 1306;
    public const int Cwd = 1307;
    public const int Execve = 1309;
    public const int Eoe = 1320;
    public const int Proctitle = 1327;

    private static readonly Dictionary<string, int> ByName = new(StringComparer.Ordinal)
    {
        ["USER_AUTH"] = UserAuth,
        ["USER_ACCT"] = UserAcct,
        ["USER_START"] = UserStart,
        ["USER_LOGIN"] = UserLogin,
        ["SYSCALL"] = Syscall,
        ["PATH"] = Path,
        ["SOCKETCALL"] = Socketcall,
        ["SOCKADDR"] = Sockaddr,
        ["CWD"] = Cwd,
        ["EXECVE"] = Execve,
        ["EOE"] = Eoe,
        ["PROCTITLE"] = Proctitle,
    };

    /// <summary>The number of a log name ("SYSCALL"), or of "UNKNOWN[1234]"; -1 if neither.</summary>
    public static int FromName(string name)
    {
        if (ByName.TryGetValue(name, out var type))
        {
            return type;
        }
        return name.StartsWith("UNKNOWN[", StringComparison.Ordinal) && name.EndsWith(']')
            && int.TryParse(name.AsSpan(8, name.Length - 9), System.Globalization.CultureInfo.InvariantCulture, out type) ? type : -1;
    }

    /// <summary>Whether records of this type stand alone (user-space messages: no EOE follows).</summary>
    public static bool IsStandalone(int type) => type is >= 1100 and < 1300;
}
