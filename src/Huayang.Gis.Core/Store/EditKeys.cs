using System.Security.Cryptography;
using System.Text;

namespace Huayang.Gis.Core.Store;

/// <summary>
/// API keys for edits: a key is 32 random bytes in base64url; the server is configured with its SHA-256 only
/// (<c>Editing:Keys:&lt;name&gt; = &lt;64 hex digits&gt;</c>), so a leaked configuration does not leak a key.
/// </summary>
public static class EditKeys
{
    /// <summary>A fresh random key.</summary>
    public static string NewKey() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The SHA-256 of a key as lower-case hex, as the configuration holds it.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>True for a key name usable as a configuration key and in the history: letters, digits, '-', '_', '.', 1–64 long.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
