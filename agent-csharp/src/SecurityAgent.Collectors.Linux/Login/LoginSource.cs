namespace SecurityAgent.Collectors.Linux.Login;

/// <summary>Where login events come from.</summary>
public enum LoginSource
{
    /// <summary>Audit user records through the shared hub, falling back to wtmp/btmp where audit is refused.</summary>
    Auto,

    /// <summary>Audit USER_AUTH, USER_START and USER_LOGIN records only; the collector stops with a Diagnostic if audit is refused.</summary>
    Audit,

    /// <summary>The login accounting files var/log/wtmp (successes) and var/log/btmp (failures), polled.</summary>
    Utmp,
}
