using System.Security.Cryptography;
using System.Text;

namespace Huayang.Gis.Server.Features;

/// <summary>
/// The keys that may write: <c>Editing:Keys:&lt;name&gt;</c> = the SHA-256 hex of the key (never the key itself), so a
/// leaked configuration does not leak a key. A request presents <c>Authorization: Bearer &lt;key&gt;</c>; the name of
/// the key it matches is kept with every change. <c>Editing:RequireIfMatch</c> (default true) refuses a write without
/// <c>If-Match</c> with 428; false lets clients that never send one (QGIS) overwrite whatever is current.
/// </summary>
public sealed class ApiKeys
{
    private readonly Dictionary<string, byte[]> _hashes;

    /// <exception cref="InvalidOperationException">A configured value is not 64 hex digits (names the key).</exception>
    public ApiKeys(IConfiguration configuration)
    {
        _hashes = new(StringComparer.Ordinal);
        foreach (var key in configuration.GetSection("Editing:Keys").GetChildren())
        {
            var value = key.Value?.Trim() ?? "";
            if (value.Length != 64 || !value.All(Uri.IsHexDigit))
            {
                throw new InvalidOperationException(
                    $"Editing:Keys:{key.Key} must be the SHA-256 of the key as 64 hex digits (huayang key new {key.Key} prints one), not \"{(value.Length > 12 ? value[..12] + "…" : value)}\"");
            }

            _hashes[key.Key] = Convert.FromHexString(value);
        }

        RequireIfMatch = configuration.GetValue("Editing:RequireIfMatch", true);
    }

    /// <summary>True when a write without <c>If-Match</c> is refused (428).</summary>
    public bool RequireIfMatch { get; }

    /// <summary>The name of the key the request's <c>Authorization: Bearer</c> presents, or null (none, or no match).</summary>
    public string? NameOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 1024)
        {
            return null;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[7..].Trim()));
        string? name = null;
        foreach (var (candidate, hash) in _hashes)
        {
            // Every configured key is compared, in constant time, so the answer's timing says nothing about which matched.
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                name = candidate;
            }
        }

        return name;
    }
}
