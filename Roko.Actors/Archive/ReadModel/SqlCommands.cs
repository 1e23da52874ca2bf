using System.Data.Common;

namespace Roko.Actors.Archive.ReadModel;

/// <summary>Small helpers over ADO.NET commands: parameters by name (@name works for SQLite and Npgsql alike).</summary>
internal static class SqlCommands
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static async Task<int> RunAsync(this DbCommand command, CancellationToken cancel)
    {
        await using (command) return await command.ExecuteNonQueryAsync(cancel);
    }
}
