using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SecurityAgent.LocalHub.Messages;

/// <summary>
/// Received telemetry in SQLite (<c>messages.db</c>), de-duplicated by (device, module, message id):
/// a resend of an already stored message id is acknowledged but not stored again. Thread-safe.
/// </summary>
internal sealed class MessageStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly object _lock = new();

    public MessageStore(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS messages (
              sequence INTEGER PRIMARY KEY AUTOINCREMENT,
              device_id TEXT NOT NULL,
              module_id TEXT NOT NULL,
              message_id TEXT,
              interface_id TEXT,
              content_type TEXT,
              content_encoding TEXT,
              auth_method TEXT NOT NULL,
              enqueued_utc TEXT NOT NULL,
              properties TEXT NOT NULL,
              body BLOB NOT NULL,
              UNIQUE (device_id, module_id, message_id));
            """);
    }

    /// <summary>Stores a message; returns <see langword="false"/> when its message id was already stored.</summary>
    public bool Add(string deviceId, string? moduleId, IReadOnlyDictionary<string, string?> properties, string authMethod, DateTimeOffset enqueued, byte[] body)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT OR IGNORE INTO messages (device_id, module_id, message_id, interface_id, content_type, content_encoding, auth_method, enqueued_utc, properties, body)
                VALUES ($device, $module, $mid, $ifid, $ct, $ce, $auth, $enqueued, $properties, $body);
                """;
            command.Parameters.AddWithValue("$device", deviceId);
            command.Parameters.AddWithValue("$module", moduleId ?? string.Empty);
            command.Parameters.AddWithValue("$mid", (object?)properties.GetValueOrDefault("$.mid") ?? DBNull.Value);
            command.Parameters.AddWithValue("$ifid", (object?)properties.GetValueOrDefault("$.ifid") ?? DBNull.Value);
            command.Parameters.AddWithValue("$ct", (object?)properties.GetValueOrDefault("$.ct") ?? DBNull.Value);
            command.Parameters.AddWithValue("$ce", (object?)properties.GetValueOrDefault("$.ce") ?? DBNull.Value);
            command.Parameters.AddWithValue("$auth", authMethod);
            command.Parameters.AddWithValue("$enqueued", enqueued.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$properties", JsonSerializer.Serialize(properties));
            command.Parameters.AddWithValue("$body", body);
            return command.ExecuteNonQuery() == 1;
        }
    }

    public IReadOnlyList<StoredMessage> Query(MessageQuery query)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            var where = new List<string> { "sequence > $after" };
            command.Parameters.AddWithValue("$after", query.AfterSequence);
            if (query.DeviceId is not null)
            {
                where.Add("device_id = $device");
                command.Parameters.AddWithValue("$device", query.DeviceId);
            }

            if (query.ModuleId is not null)
            {
                where.Add("module_id = $module");
                command.Parameters.AddWithValue("$module", query.ModuleId);
            }

            if (query.MessageId is not null)
            {
                where.Add("message_id = $mid");
                command.Parameters.AddWithValue("$mid", query.MessageId);
            }

            if (query.InterfaceId is not null)
            {
                where.Add("interface_id = $ifid");
                command.Parameters.AddWithValue("$ifid", query.InterfaceId);
            }

            command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, 100_000));
            command.CommandText = $"SELECT sequence, device_id, module_id, message_id, interface_id, content_type, content_encoding, auth_method, enqueued_utc, properties, body FROM messages WHERE {string.Join(" AND ", where)} ORDER BY sequence LIMIT $limit;";
            var result = new List<StoredMessage>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var module = reader.GetString(2);
                result.Add(new StoredMessage(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    module.Length == 0 ? null : module,
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.GetString(7),
                    DateTimeOffset.Parse(reader.GetString(8), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                    JsonSerializer.Deserialize<Dictionary<string, string?>>(reader.GetString(9)) ?? [],
                    (byte[])reader.GetValue(10)));
            }

            return result;
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
