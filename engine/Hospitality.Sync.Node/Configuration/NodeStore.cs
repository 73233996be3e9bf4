namespace Hospitality.Sync.Node.Configuration;

/// <summary>Where a node keeps its data: a SQLite file (the embedded default), or PostgreSQL (the cloud only).</summary>
internal enum NodeStore
{
    Sqlite,
    Postgres,
}
