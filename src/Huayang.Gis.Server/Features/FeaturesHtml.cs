using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Huayang.Gis.Core.Store;
using NetTopologySuite.Features;

namespace Huayang.Gis.Server.Features;

/// <summary>
/// Plain, self-contained HTML pages of the features API (no external CSS or scripts). Every value that
/// comes from data or from the request is HTML-encoded; Chinese stays readable (not entity-escaped).
/// </summary>
internal sealed partial class FeaturesHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Style =
        "body{font-family:sans-serif;margin:1.5em;max-width:80em}table{border-collapse:collapse}" +
        "td,th{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#eee}" +
        "nav a{margin-right:1em}";

    private readonly StringBuilder _html = new();

    private FeaturesHtml(string title, IEnumerable<(string Href, string Text)> breadcrumbs)
    {
        _html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(title)).Append("</title><style>").Append(Style).Append("</style></head><body><nav>");
        foreach (var (href, text) in breadcrumbs)
        {
            A(href, text);
        }
        _html.Append("</nav><h1>").Append(E(title)).Append("</h1>\n");
    }

    public static string Landing(string title, string description, IReadOnlyList<Link> links)
    {
        var page = new FeaturesHtml(title, []);
        page.P(description);
        page._html.Append("<ul>");
        foreach (var link in links.Where(l => l.Rel != "self" && l.Rel != "alternate"))
        {
            page._html.Append("<li>");
            page.A(link.Href, link.Title ?? link.Rel);
            page._html.Append(" (").Append(E(link.Rel)).Append(", ").Append(E(link.Type)).Append(")</li>");
        }
        page._html.Append("</ul>");
        return page.End();
    }

    public static string Conformance(Urls urls, IReadOnlyList<string> classes)
    {
        var page = new FeaturesHtml("Conformance 符合性", Home(urls));
        page._html.Append("<ul>");
        foreach (var uri in classes)
        {
            page._html.Append("<li>").Append(E(uri)).Append("</li>");
        }
        page._html.Append("</ul>");
        return page.End();
    }

    public static string Collections(Urls urls, IReadOnlyList<(CollectionInfo Info, LayerSummary Summary)> collections)
    {
        var page = new FeaturesHtml("Collections 图层", Home(urls));
        page._html.Append("<table><tr><th>id</th><th>名称</th><th>Name</th><th>features</th><th>description</th></tr>");
        foreach (var (info, summary) in collections)
        {
            page._html.Append("<tr><td>");
            page.A(urls.To($"/collections/{info.Id}", "html"), info.Id);
            page._html.Append("</td><td>").Append(E(info.TitleZh)).Append("</td><td>").Append(E(info.TitleEn))
                .Append("</td><td>").Append(summary.Count.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(E(info.Description)).Append("</td></tr>");
        }
        page._html.Append("</table>");
        return page.End();
    }

    public static string Collection(Urls urls, CollectionInfo info, LayerSummary summary)
    {
        var page = new FeaturesHtml(info.Title, [.. Home(urls), (urls.To("/collections", "html"), "Collections")]);
        page.P(info.Description);
        page._html.Append("<table>");
        page.Row("id", info.Id);
        page.Row("名称", info.TitleZh);
        page.Row("Name", info.TitleEn);
        page.Row("features", summary.Count.ToString(CultureInfo.InvariantCulture));
        if (summary.Extent is { } e)
        {
            page.Row("extent (CRS84)", string.Create(CultureInfo.InvariantCulture, $"{e.MinX}, {e.MinY}, {e.MaxX}, {e.MaxY}"));
        }
        page.Row("properties", string.Join(", ", summary.PropertyNames));
        page.Row("crs", string.Join(" ", OutputCrs.All.Select(c => c.Uri)));
        page._html.Append("</table><p>");
        page.A(urls.To($"/collections/{info.Id}/items", "html"), "Items 要素");
        page.A(urls.To($"/collections/{info.Id}/items"), "GeoJSON");
        page._html.Append("</p>");
        return page.End();
    }

    public static string Items(
        Urls urls, CollectionInfo info, LayerSummary summary, FeaturePage features, ItemsParameters parameters, IReadOnlyList<Link> links)
    {
        var page = new FeaturesHtml($"{info.Title}: items", [
            .. Home(urls), (urls.To("/collections", "html"), "Collections"), (urls.To($"/collections/{info.Id}", "html"), info.Title)]);
        page.P(string.Create(CultureInfo.InvariantCulture,
            $"{features.Features.Count} of {features.NumberMatched} matching features, from {parameters.Offset + (features.Features.Count > 0 ? 1 : 0)}; coordinates in {parameters.Crs.Uri} ({parameters.Crs.AxisNames})."));
        page.Paging(links);
        var names = summary.PropertyNames;
        page._html.Append("<table><tr>");
        foreach (var name in names)
        {
            page._html.Append("<th>").Append(E(name)).Append("</th>");
        }
        page._html.Append("<th>geometry</th></tr>\n");
        foreach (var feature in features.Features)
        {
            page._html.Append("<tr>");
            foreach (var name in names)
            {
                page._html.Append("<td>");
                var value = feature.Attributes.Exists(name) ? Display(feature.Attributes[name]) : "";
                if (name == "id")
                {
                    page.A(urls.To($"/collections/{info.Id}/items/{Uri.EscapeDataString(FeaturesJson.FeatureId(feature))}", "html"), value);
                }
                else
                {
                    page._html.Append(E(value));
                }
                page._html.Append("</td>");
            }
            page._html.Append("<td>").Append(E(feature.Geometry.GeometryType)).Append("</td></tr>\n");
        }
        page._html.Append("</table>");
        page.Paging(links);
        return page.End();
    }

    public static string Feature(Urls urls, CollectionInfo info, IFeature feature, OutputCrs crs)
    {
        var id = FeaturesJson.FeatureId(feature);
        var page = new FeaturesHtml($"{info.Title}: {id}", [
            .. Home(urls), (urls.To("/collections", "html"), "Collections"), (urls.To($"/collections/{info.Id}/items", "html"), info.Title)]);
        page._html.Append("<table>");
        foreach (var name in feature.Attributes.GetNames())
        {
            page.Row(name, Display(feature.Attributes[name]));
        }
        page.Row("geometry", feature.Geometry.GeometryType);
        page.Row("crs", crs.Uri);
        page._html.Append("</table><p>");
        page.A(urls.To($"/collections/{info.Id}/items/{Uri.EscapeDataString(id)}"), "GeoJSON");
        page._html.Append("</p>");
        return page.End();
    }

    /// <summary>A property value as text: strings as they are, anything else as JSON.</summary>
    private static string Display(object? value) => value switch
    {
        null => "",
        string text => text,
        _ => FeatureQuery.FilterText(value) ?? FeaturesJson.ValueText(value),
    };

    private static string E(string text) => Encoder.Encode(text);

    private static IEnumerable<(string Href, string Text)> Home(Urls urls) => [(urls.To("/", "html"), "Home 首页")];

    private void Paging(IReadOnlyList<Link> links)
    {
        _html.Append("<p>");
        foreach (var link in links.Where(l => l.Rel is "prev" or "next"))
        {
            A(link.Href, link.Rel == "prev" ? "← previous 上一页" : "next 下一页 →");
        }
        _html.Append("</p>");
    }

    private void A(string href, string text) =>
        _html.Append("<a href=\"").Append(E(href)).Append("\">").Append(E(text)).Append("</a> ");

    private void P(string text) => _html.Append("<p>").Append(E(text)).Append("</p>\n");

    private void Row(string name, string value) =>
        _html.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");

    private string End() => _html.Append("</body></html>\n").ToString();
}
