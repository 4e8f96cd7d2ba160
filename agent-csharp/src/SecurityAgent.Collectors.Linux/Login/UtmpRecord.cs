namespace SecurityAgent.Collectors.Linux.Login;

/// <summary>One record of wtmp or btmp (struct utmp), reduced to what Login needs.</summary>
/// <param name="Type">ut_type: 6 LOGIN_PROCESS, 7 USER_PROCESS, 8 DEAD_PROCESS, ...</param>
/// <param name="ProcessId">ut_pid.</param>
/// <param name="Line">ut_line: the terminal ("pts/0", "ssh:notty").</param>
/// <param name="User">ut_user.</param>
/// <param name="Host">ut_host: the remote host name or address text.</param>
/// <param name="Address">ut_addr_v6 as an address, or null when zero.</param>
/// <param name="Timestamp">ut_tv.</param>
internal sealed record UtmpRecord(int Type, uint ProcessId, string Line, string User, string Host, System.Net.IPAddress? Address, DateTimeOffset Timestamp);
