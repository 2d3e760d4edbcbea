using Gateway.Actors.Configuration;

namespace Gateway.Actors.Caching;

public static partial class ResponseCache
{
    /// <summary>
    /// The <c>cache</c> block (global, or a route's block laid over it with <see cref="ConfigReader.Over"/>).
    /// </summary>
    /// <param name="Enabled"><c>enabled</c>: whether the web layer consults the cache at all.</param>
    /// <param name="Ttl"><c>ttl</c>: how long a response is kept when the origin says nothing shorter.</param>
    /// <param name="MaxBytes"><c>max-bytes</c>: budget for all entries; least recently used go first.</param>
    /// <param name="MaxEntryBytes"><c>max-entry-bytes</c>: larger responses stream through uncached.</param>
    /// <param name="RespectOriginMaxAge">
    /// <c>respect-origin-max-age</c>: off, the origin's max-age may only shorten <c>ttl</c>; on, it may also lengthen it.
    /// </param>
    /// <param name="FillWait"><c>fill-wait</c>: how long requests wait on another request's fill, and how long a fill may take.</param>
    /// <param name="PassivateAfter">
    /// Not in HOCON: how long an entry actor with nothing stored and no fill stays alive for its next lookup.
    /// </param>
    public sealed record Settings(
        bool Enabled,
        TimeSpan Ttl,
        long MaxBytes,
        long MaxEntryBytes,
        bool RespectOriginMaxAge,
        TimeSpan FillWait,
        TimeSpan PassivateAfter)
    {
        /// <summary>
        /// <c>cdn-cache-control</c>: on, a valid <c>CDN-Cache-Control</c> (RFC 9213) decides for the gateway and
        /// its <c>Cache-Control</c> and <c>Expires</c> are ignored; off, the field is passed on and not read.
        /// </summary>
        public bool CdnCacheControl { get; init; } = true;

        /// <summary><c>freshness</c>: where a lifetime may come from (<see cref="CacheFreshness"/>).</summary>
        public CacheFreshness Freshness { get; init; } = CacheFreshness.Ttl;

        /// <summary>
        /// <c>keep-stale</c>: how long an expired entry with a validator (<c>ETag</c> or <c>Last-Modified</c>) stays in
        /// memory, so that its next request revalidates it (RFC 9111 §4.3) instead of fetching the body again.
        /// </summary>
        public TimeSpan KeepStale { get; init; } = TimeSpan.FromSeconds(60);

        /// <summary><c>max-stale-while-revalidate</c>: the most of an origin's <c>stale-while-revalidate</c> (RFC 5861 §3) honoured.</summary>
        public TimeSpan MaxStaleWhileRevalidate { get; init; } = TimeSpan.FromSeconds(60);

        /// <summary><c>max-stale-if-error</c>: the most of an origin's <c>stale-if-error</c> (RFC 5861 §4) honoured.</summary>
        public TimeSpan MaxStaleIfError { get; init; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// <c>max-variants</c>: how many variants of one key (responses that differ by the request fields their
        /// <c>Vary</c> names, RFC 9111 §4.1) are kept at once; storing one more lets go of the least recently used.
        /// </summary>
        public int MaxVariants { get; init; } = 8;

        public const int MaxVariantsLimit = 1024;

        public static readonly Settings Default = new(
            Enabled: true,
            Ttl: TimeSpan.FromSeconds(30),
            MaxBytes: 64L << 20,
            MaxEntryBytes: 1L << 20,
            RespectOriginMaxAge: false,
            FillWait: TimeSpan.FromSeconds(10),
            PassivateAfter: TimeSpan.FromSeconds(10));

        private static readonly string[] Known =
            ["enabled", "ttl", "max-bytes", "max-entry-bytes", "respect-origin-max-age", "fill-wait", "cdn-cache-control", "freshness",
             "keep-stale", "max-stale-while-revalidate", "max-stale-if-error", "max-variants"];

        public static Settings Create(ConfigReader section)
        {
            section.RejectUnknown(Known);
            var maxBytes = section.Bytes("max-bytes", Default.MaxBytes, min: 1);
            // A small explicit budget with the entry limit left out should not fail on the default.
            var maxEntryBytes = section.Bytes("max-entry-bytes", Math.Min(Default.MaxEntryBytes, maxBytes), min: 1);
            if (maxEntryBytes > maxBytes)
                throw new ConfigException(section.KeyOf("max-entry-bytes"),
                    $"must not exceed max-bytes ({maxBytes} bytes), got {maxEntryBytes} bytes");
            return new Settings(
                Enabled: section.Flag("enabled", Default.Enabled),
                Ttl: section.Duration("ttl", Default.Ttl),
                MaxBytes: maxBytes,
                MaxEntryBytes: maxEntryBytes,
                RespectOriginMaxAge: section.Flag("respect-origin-max-age", Default.RespectOriginMaxAge),
                FillWait: section.Duration("fill-wait", Default.FillWait),
                PassivateAfter: Default.PassivateAfter)
            {
                CdnCacheControl = section.Flag("cdn-cache-control", Default.CdnCacheControl),
                Freshness = ReadFreshness(section),
                KeepStale = section.Duration("keep-stale", Default.KeepStale, allowZero: true),
                MaxStaleWhileRevalidate = section.Duration("max-stale-while-revalidate", Default.MaxStaleWhileRevalidate, allowZero: true),
                MaxStaleIfError = section.Duration("max-stale-if-error", Default.MaxStaleIfError, allowZero: true),
                // An entity looks through its variants one by one on each lookup: a handful, not thousands.
                MaxVariants = (int)section.Number("max-variants", Default.MaxVariants, min: 1, max: MaxVariantsLimit),
            };
        }

        private static CacheFreshness ReadFreshness(ConfigReader section)
        {
            var text = section.Text("freshness", "ttl").Trim();
            return text switch
            {
                "ttl" => CacheFreshness.Ttl,
                "origin-exact" => CacheFreshness.OriginExact,
                _ => throw new ConfigException(section.KeyOf("freshness"), $"'{text}' is not a freshness mode (use ttl or origin-exact)"),
            };
        }
    }
}
