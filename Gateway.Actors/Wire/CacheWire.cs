using Gateway.Actors.Caching;
using static Gateway.Actors.Caching.CacheEntry;
using static Gateway.Actors.Caching.ResponseCache;

namespace Gateway.Actors.Wire;

/// <summary>
/// The layouts of the response cache's messages between nodes. A cached response travels with its age, not
/// the instant it was stored, so its remaining freshness is the same on a node whose clock differs. A lookup's
/// answer read here came from another node, so it is marked <c>CrossNode</c> without that taking a byte.
/// Version 2 of a command, a miss and a go-upstream carries what variants need (a lookup's request fields, whether
/// a miss is a vary-miss); version 1 is still read, as a lookup without fields and a reply without the mark.
/// </summary>
internal static class CacheWire
{
    public static readonly IReadOnlyList<WireCodec> Codecs =
    [
        WireCodec.For<EntryCommand>("ca-command-2",
            (w, m) => { w.Text(m.CacheId); WriteCommand(w, m.Command); w.Actor(m.Origin); },
            r => ReadEntryCommand(r, withFields: true)),
        WireCodec.Superseded("ca-command-1", r => ReadEntryCommand(r, withFields: false)),
        WireCodec.For<Miss>("ca-miss-2",
            (w, m) => { w.Text(m.Key); WriteTicket(w, m.Ticket); w.Optional(m.Stale, s => WriteResponse(w, s)); w.Flag(m.VaryMiss); },
            r => ReadMiss(r, withVaryMiss: true)),
        WireCodec.Superseded("ca-miss-1", r => ReadMiss(r, withVaryMiss: false)),
        WireCodec.For<Hit>("ca-hit-1",
            (w, m) =>
            {
                w.Text(m.Key);
                WriteResponse(w, m.Entry);
                w.Time(m.Age);
                w.Flag(m.Collapsed);
                w.Optional(m.StaleReason, w.Text);
                w.Optional(m.Refresh, t => WriteTicket(w, t));
            },
            r => new Hit(r.Text(), ReadResponse(r), r.Time(), r.Flag()) { StaleReason = r.Optional(r.Text), Refresh = r.Optional(() => ReadTicket(r)), CrossNode = true }),
        WireCodec.For<GoUpstream>("ca-upstream-2",
            (w, m) => { w.Text(m.Key); w.Text(m.Reason); w.Flag(m.VaryMiss); },
            r => ReadGoUpstream(r, withVaryMiss: true)),
        WireCodec.Superseded("ca-upstream-1", r => ReadGoUpstream(r, withVaryMiss: false)),
        WireCodec.For<Stored>("ca-stored-1",
            (w, m) => { w.Text(m.Key); w.Long(m.SizeBytes); },
            r => new Stored(r.Text(), r.Long())),
        WireCodec.For<NotStored>("ca-not-stored-1",
            (w, m) => { w.Text(m.Key); w.Text(m.Reason); },
            r => new NotStored(r.Text(), r.Text())),
        WireCodec.For<Invalidated>("ca-invalidated-1",
            (w, m) => { w.Text(m.Key); w.Flag(m.Removed); },
            r => new Invalidated(r.Text(), r.Flag())),
        WireCodec.For<Copy>("ca-copy-1",
            (w, m) =>
            {
                w.Text(m.Key);
                WriteTicket(w, m.Ticket);
                WriteResponse(w, m.Entry);
                w.List(m.Requesters, requester => w.Actor(requester));
                w.Flag(m.Collapsed);
            },
            r => new Copy(r.Text(), ReadTicket(r), ReadResponse(r), [.. r.List(() => r.Actor()!)], r.Flag())),
        WireCodec.For<DropCopy>("ca-drop-1",
            (w, m) => { w.Text(m.Key); WriteTicket(w, m.Ticket); },
            r => new DropCopy(r.Text(), ReadTicket(r))),
        WireCodec.For<FillSettled>("ca-settled-1",
            (w, m) => { w.Text(m.Key); WriteTicket(w, m.Ticket); w.Flag(m.KeepCopy); },
            r => new FillSettled(r.Text(), ReadTicket(r), r.Flag())),
        WireCodec.For<InvalidationDone>("ca-invalidation-done-1",
            (w, m) => { w.Text(m.Key); w.Flag(m.Revoked); },
            r => new InvalidationDone(r.Text(), r.Flag())),
    ];

    private enum CommandKind : byte { Lookup, Fill, AbandonFill, Invalidate }

    private static void WriteCommand(WireWriter w, IKeyedCommand command)
    {
        switch (command)
        {
            case Lookup lookup:
                w.Byte((byte)CommandKind.Lookup);
                w.Text(lookup.Key);
                w.OptionalValue(lookup.MaxWait, w.Time);
                w.Flag(lookup.WillFill);
                w.Optional(lookup.Freshness, f =>
                {
                    w.OptionalValue(f.MaxAge, w.Time);
                    w.OptionalValue(f.MinFresh, w.Time);
                    w.OptionalValue(f.MaxStale, w.Time);
                });
                w.Optional(lookup.Fields, f => WriteHeaders(w, f.Fields));
                break;
            case Fill fill:
                w.Byte((byte)CommandKind.Fill);
                w.Text(fill.Key);
                WriteTicket(w, fill.Ticket);
                WriteResponse(w, fill.Entry);
                break;
            case AbandonFill abandon:
                w.Byte((byte)CommandKind.AbandonFill);
                w.Text(abandon.Key);
                WriteTicket(w, abandon.Ticket);
                w.Text(abandon.Reason);
                break;
            case Invalidate invalidate:
                w.Byte((byte)CommandKind.Invalidate);
                w.Text(invalidate.Key);
                w.Flag(invalidate.Revoked);
                break;
            default:
                throw new System.Runtime.Serialization.SerializationException($"{command.GetType()} has no wire format");
        }
    }

    private static EntryCommand ReadEntryCommand(WireReader r, bool withFields) => new(r.Text(), ReadCommand(r, withFields), r.Actor()!);

    private static Miss ReadMiss(WireReader r, bool withVaryMiss) =>
        new(r.Text(), ReadTicket(r)) { Stale = r.Optional(() => ReadResponse(r)), VaryMiss = withVaryMiss && r.Flag(), CrossNode = true };

    private static GoUpstream ReadGoUpstream(WireReader r, bool withVaryMiss) =>
        new(r.Text(), r.Text()) { VaryMiss = withVaryMiss && r.Flag(), CrossNode = true };

    private static IKeyedCommand ReadCommand(WireReader r, bool withFields) => r.Enum<CommandKind>() switch
    {
        CommandKind.Lookup => new Lookup(r.Text(), r.OptionalValue(r.Time), r.Flag(),
            r.Optional(() => new RequestFreshness(r.OptionalValue(r.Time), r.OptionalValue(r.Time), r.OptionalValue(r.Time))))
        {
            Fields = withFields ? r.Optional(() => new RequestFields([.. ReadHeaders(r)])) : null,
        },
        CommandKind.Fill => new Fill(r.Text(), ReadTicket(r), ReadResponse(r)),
        CommandKind.AbandonFill => new AbandonFill(r.Text(), ReadTicket(r), r.Text()),
        _ => new Invalidate(r.Text(), r.Flag()),
    };

    private static void WriteTicket(WireWriter w, FillTicket ticket) => w.Text(ticket.Id.ToString("N"));

    private static FillTicket ReadTicket(WireReader r) => new(Guid.ParseExact(r.Text(), "N"));

    private static void WriteResponse(WireWriter w, CachedResponse response)
    {
        w.Int(response.StatusCode);
        WriteHeaders(w, response.Headers);
        w.Bytes(response.Body.Span);
        w.Ago(response.StoredAt);
        w.Time(response.TimeToLive);
        WriteHeaders(w, response.Vary);
        w.Time(response.StaleWhileRevalidate);
        w.Time(response.StaleIfError);
        w.Time(response.KeepStale);
        w.Flag(response.MustRevalidate);
    }

    private static CachedResponse ReadResponse(WireReader r)
    {
        var status = r.Int();
        var headers = ReadHeaders(r);
        var body = r.Bytes();
        return new CachedResponse(status, headers, body, r.AgoFromNow(), r.Time(), ReadHeaders(r))
        {
            StaleWhileRevalidate = r.Time(),
            StaleIfError = r.Time(),
            KeepStale = r.Time(),
            MustRevalidate = r.Flag(),
        };
    }

    private static void WriteHeaders(WireWriter w, IReadOnlyCollection<CachedHeader> headers) =>
        w.List(headers, header =>
        {
            w.Text(header.Name);
            w.List(header.Values, w.Text);
        });

    private static CachedHeader[] ReadHeaders(WireReader r) => r.List(() => new CachedHeader(r.Text(), r.List(r.Text)));
}
