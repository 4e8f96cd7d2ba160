using System.Globalization;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.LocalUsers;

/// <summary>
/// LocalUsers: every user of &lt;root&gt;/etc/passwd with its primary group first and then its
/// supplementary groups from &lt;root&gt;/etc/group, names and ids ';'-separated in the same order.
/// A primary gid without a group entry is named by its number.
/// </summary>
/// <remarks>Needs no privilege (both files are world-readable).</remarks>
public sealed class LocalUsersCollector : SnapshotCollector, ICollectorStatistics
{
    private readonly string _etc;
    private long _malformedTotal;

    /// <summary>Creates the collector over <paramref name="root"/> (a scratch or fixture tree in tests).</summary>
    public LocalUsersCollector(string root = "/")
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _etc = Path.Combine(root, "etc");
    }

    /// <inheritdoc/>
    long ICollectorStatistics.Overflows => 0;

    /// <inheritdoc/>
    long ICollectorStatistics.Malformed => Interlocked.Read(ref _malformedTotal);

    /// <inheritdoc/>
    long ICollectorStatistics.KernelLost => 0;

    /// <inheritdoc/>
    long ICollectorStatistics.Incomplete => 0;

    /// <inheritdoc/>
    bool ICollectorStatistics.SharesAuditCounters => false;

    /// <inheritdoc/>
    public override string Name => "LocalUsers";

    /// <inheritdoc/>
    protected override EventName EventName => EventName.LocalUsers;

    /// <summary>Lines skipped as malformed by the last snapshot.</summary>
    public int Malformed { get; private set; }

    /// <summary>Reads one snapshot.</summary>
    internal IReadOnlyList<LocalUsersPayload> Snapshot()
    {
        var users = AccountFiles.ParsePasswd(File.ReadLines(Path.Combine(_etc, "passwd")), out var badUsers);
        var groupPath = Path.Combine(_etc, "group");
        var badGroups = 0;
        var groups = File.Exists(groupPath) ? AccountFiles.ParseGroup(File.ReadLines(groupPath), out badGroups) : [];
        Malformed = badUsers + badGroups;
        Interlocked.Add(ref _malformedTotal, badUsers + badGroups);
        var nameOfGid = new Dictionary<uint, string>();
        var memberOf = new Dictionary<string, List<(string, uint)>>(StringComparer.Ordinal);
        foreach (var (name, gid, members) in groups)
        {
            nameOfGid.TryAdd(gid, name);
            foreach (var member in members)
            {
                if (!memberOf.TryGetValue(member, out var list))
                {
                    memberOf[member] = list = [];
                }
                list.Add((name, gid));
            }
        }
        var items = new List<LocalUsersPayload>(users.Count);
        foreach (var (name, uid, gid) in users)
        {
            var names = new List<string> { nameOfGid.GetValueOrDefault(gid) ?? gid.ToString(CultureInfo.InvariantCulture) };
            var ids = new List<uint> { gid };
            foreach (var (groupName, groupId) in memberOf.GetValueOrDefault(name) ?? [])
            {
                if (!ids.Contains(groupId))
                {
                    names.Add(groupName);
                    ids.Add(groupId);
                }
            }
            items.Add(new LocalUsersPayload
            {
                UserName = name,
                UserId = uid.ToString(CultureInfo.InvariantCulture),
                GroupNames = string.Join(';', names),
                GroupIds = string.Join(';', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))),
            });
        }
        return items;
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<PayloadItem> Collect() => Snapshot();
}
