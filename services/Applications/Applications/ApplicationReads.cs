using Kechuang.Applications.Domain;
using Marten;

namespace Kechuang.Applications.Applications;

public static class ApplicationReads
{
    /// <summary>
    /// The application as last committed (its inline snapshot), for the checks a write makes before
    /// it fetches the stream for writing: which call, whose scope. Not <c>FetchLatest</c>: Marten
    /// keeps an aggregate fetched that way in the session and a later <c>FetchForWriting</c> in the
    /// same session would decide on that earlier copy instead of what is committed by then.
    /// </summary>
    public static Task<Application?> PeekAsync(this IDocumentSession session, Guid id, CancellationToken ct) =>
        session.LoadAsync<Application>(id, ct);
}
