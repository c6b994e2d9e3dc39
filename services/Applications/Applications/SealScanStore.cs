using JasperFx.Events;
using Kechuang.Applications.Domain;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Kechuang.Applications.Applications;

/// <summary>
/// The bytes of seal scans, in a table of the service's own schema (bytea, not JSON), under their
/// SHA-256. An upload deletes the scan it replaces unless a submission named it: a draft holds at
/// most one scan, and a scan a submission named stays readable after a returned application gets
/// a new one. Rows are written and deleted by the same transaction as the <c>SealScanUploaded</c> event.
/// </summary>
public static class SealScanStore
{
    public const string TableName = "seal_scans";

    /// <summary>How Marten names <see cref="ApplicationSubmitted"/> in <c>mt_events.type</c>.</summary>
    private static readonly string SubmittedEventType = typeof(ApplicationSubmitted).GetEventTypeName();

    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("application_id").AsPrimaryKey();
        table.AddColumn("sha256", "char(64)").AsPrimaryKey();
        table.AddColumn("content_type", "text").NotNull();
        table.AddColumn("size", "integer").NotNull();
        table.AddColumn("content", "bytea").NotNull();
        table.AddColumn("uploaded_at", "timestamptz").NotNull();
        return table;
    }

    /// <summary>
    /// Queues the row, and the deletion of the application's other scans no submission named, on
    /// <paramref name="session"/>: both commit with the session's events, or not at all.
    /// </summary>
    public static void Queue(IDocumentSession session, Guid applicationId, string sha256, string contentType, byte[] content, DateTimeOffset at)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        session.QueueSqlCommand(
            $"insert into {schema}.{TableName} (application_id, sha256, content_type, size, content, uploaded_at) " +
            "values (?, ?, ?, ?, ?, ?) on conflict (application_id, sha256) do nothing",
            applicationId, sha256, contentType, content.Length, content, at);
        session.QueueSqlCommand(
            $"delete from {schema}.{TableName} where application_id = ? and sha256 <> ? and sha256 not in " +
            $"(select data ->> 'sealScanSha256' from {schema}.mt_events where stream_id = ? and type = ?)",
            applicationId, sha256, applicationId, SubmittedEventType);
    }


    public static async Task<byte[]?> ReadAsync(IDocumentStore store, Guid applicationId, string sha256, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select content from {store.Options.DatabaseSchemaName}.{TableName} where application_id = @id and sha256 = @sha", connection);
        command.Parameters.AddWithValue("id", NpgsqlDbType.Uuid, applicationId);
        command.Parameters.AddWithValue("sha", NpgsqlDbType.Char, sha256);
        return await command.ExecuteScalarAsync(ct) as byte[];
    }
}
