using Huayang.Gis.Core.Filtering;

namespace Huayang.Gis.Server.Features;

/// <summary>The queryables page.</summary>
internal sealed partial class FeaturesHtml
{
    public static string Queryables(Urls urls, CollectionInfo info, Queryables queryables)
    {
        var page = new FeaturesHtml($"{info.Title}: queryables", [
            .. Home(urls), (urls.To("/collections", "html"), "Collections"), (urls.To($"/collections/{info.Id}", "html"), info.Title)]);
        page.P("What filter (CQL2 text or JSON) and sortby may name. Example: " +
            "filter=" + (queryables.Fields.FirstOrDefault(f => f.Allowed is not null) is { } field
                ? $"{field.Name} = '{field.Allowed![0]}'"
                : "id = 'x'"));
        page._html.Append("<table><tr><th>name</th><th>type</th><th>title</th><th>values</th></tr>\n");
        foreach (var q in queryables.Fields)
        {
            page._html.Append("<tr><td>").Append(E(q.Name)).Append("</td><td>").Append(E(q.SchemaType ?? "geometry"))
                .Append("</td><td>").Append(E(q.Title)).Append("</td><td>").Append(E(string.Join(", ", q.Allowed ?? []))).Append("</td></tr>\n");
        }
        page._html.Append("</table><p>");
        page.A(urls.To($"/collections/{info.Id}/queryables", "json"), "JSON Schema");
        page._html.Append("</p>");
        return page.End();
    }
}
