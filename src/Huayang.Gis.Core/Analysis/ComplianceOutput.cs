using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Huayang.Gis.Core.Analysis;

/// <summary>A <see cref="ComplianceReport"/> as JSON, CSV and a printable HTML document (the CLI and the HTTP API print the same).</summary>
public static class ComplianceOutput
{
    /// <summary>
    /// <c>{standard, method, status, threshold, walking_speed_m_per_min, off_network_limit_m, population, levels: [{standard, level,
    /// name_zh, name_en, radius_m, minutes, walk_minutes, required_categories, street: [{category, covered_population,
    /// covered_share, communities_met}], communities: [{community_id, name_zh, name_en, population, missing, findings:
    /// [{category, name_zh, name_en, met, covered_population, population_without, covered_share, nearest_m, site_count}]}]}]}</c>.
    /// </summary>
    public static JsonObject Json(ComplianceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var levels = new JsonArray();
        foreach (var level in report.Levels)
        {
            var street = new JsonArray();
            foreach (var (category, covered, share, met) in level.Street)
            {
                street.Add(new JsonObject
                {
                    ["category"] = category,
                    ["covered_population"] = covered,
                    ["covered_share"] = Math.Round(share, 6),
                    ["communities_met"] = met,
                });
            }

            var communities = new JsonArray();
            foreach (var community in level.Communities)
            {
                var findings = new JsonArray();
                foreach (var f in community.Findings)
                {
                    findings.Add(new JsonObject
                    {
                        ["category"] = f.Category,
                        ["name_zh"] = f.NameZh,
                        ["name_en"] = f.NameEn,
                        ["met"] = f.Met,
                        ["covered_population"] = f.CoveredPopulation,
                        ["population_without"] = f.PopulationWithout,
                        ["covered_share"] = Math.Round(f.CoveredShare, 6),
                        ["nearest_m"] = f.NearestM is { } m ? Math.Round(m, 3) : null,
                        ["site_count"] = f.SiteCount,
                    });
                }

                communities.Add(new JsonObject
                {
                    ["community_id"] = community.CommunityId,
                    ["name_zh"] = community.NameZh,
                    ["name_en"] = community.NameEn,
                    ["population"] = community.Population,
                    ["missing"] = new JsonArray([.. community.Missing.Select(m => (JsonNode)m.Category)]),
                    ["findings"] = findings,
                });
            }

            levels.Add(new JsonObject
            {
                ["standard"] = level.Standard,
                ["level"] = level.Level.Id,
                ["name_zh"] = level.Level.NameZh,
                ["name_en"] = level.Level.NameEn,
                ["radius_m"] = level.Level.RadiusM,
                ["minutes"] = level.Level.Minutes,
                ["walk_minutes"] = Math.Round(level.WalkMinutes, 2),
                ["required_categories"] = new JsonArray([.. level.Level.RequiredCategories.Select(c => (JsonNode)c)]),
                ["street"] = street,
                ["communities"] = communities,
            });
        }

        return new JsonObject
        {
            ["standard"] = report.Standard,
            ["method"] = report.Method,
            ["status"] = AnalysisJson.StatusId(report.Status),
            ["threshold"] = report.Threshold,
            ["walking_speed_m_per_min"] = report.WalkingSpeedMPerMin,
            ["off_network_limit_m"] = report.OffNetworkLimitM,
            ["population"] = report.Population,
            ["levels"] = levels,
        };
    }

    /// <summary>One row per level, community and required category.</summary>
    public static string Csv(ComplianceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder("standard,level,community_id,name_zh,name_en,population,category,met,covered_population,population_without,covered_share,nearest_m\n");
        foreach (var level in report.Levels)
        {
            foreach (var community in level.Communities)
            {
                foreach (var f in community.Findings)
                {
                    csv.Append(CultureInfo.InvariantCulture,
                        $"{Cell(level.Standard)},{level.Level.Id},{community.CommunityId},{Cell(community.NameZh)},{Cell(community.NameEn)},{community.Population},{f.Category},{(f.Met ? "true" : "false")},{f.CoveredPopulation},{f.PopulationWithout},{f.CoveredShare:0.######},{f.NearestM:0.###}\n");
                }
            }
        }

        return csv.ToString();
    }

    /// <summary>A document a planner can hand on: the street's summary per level, then a section per community; A4 print, Chinese and English.</summary>
    /// <param name="pictures">The address (<c>src</c>) of each map picture, by level id and community id (null for the
    /// level's street), or null where there is none: <c>data:</c> addresses embed them (the CLI's one-file report),
    /// URLs let the browser fetch each (the HTTP report); the renderer's <c>ComplianceMaps</c> draws them.</param>
    public static string Html(ComplianceReport report, Func<string, string?, string?>? pictures = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        var method = report.Method == "network"
            ? "步行距离（沿步行道网络） / walking distance along the walkways"
            : "直线距离（缓冲区） / straight-line distance (buffer)";
        html.Append("""
            <!DOCTYPE html>
            <html lang="zh-Hans">
            <head>
            <meta charset="utf-8">
            <title>生活圈达标评估 Life-circle compliance — 华阳街道 Huayang Street</title>
            <style>
            @page { size: A4; margin: 15mm; }
            body { font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; font-size: 10.5pt; color: #222; max-width: 180mm; margin: auto; }
            h1 { font-size: 17pt; margin-bottom: 2mm; } h2 { font-size: 13.5pt; margin-top: 8mm; border-bottom: 1px solid #888; }
            h3 { font-size: 11.5pt; margin: 5mm 0 1mm; } .en { color: #555; }
            table { border-collapse: collapse; width: 100%; margin: 2mm 0; } th, td { border: 1px solid #bbb; padding: 1mm 2mm; text-align: left; }
            td.n { text-align: right; } .missing { color: #a00; font-weight: 600; } .met { color: #060; }
            section.community { break-inside: avoid; page-break-inside: avoid; }
            figure { margin: 2mm 0; } figure img { width: 100%; height: auto; border: 1px solid #ccc; } figure.community img { width: 75%; }
            @media print { h2 { break-before: page; } h2:first-of-type { break-before: auto; } }
            </style>
            </head>
            <body>
            """);
        html.Append(CultureInfo.InvariantCulture, $"""
            <h1>生活圈达标评估 <span class="en">Life-circle compliance</span></h1>
            <p>华阳街道 Huayang Street · {E(report.Standard)}<br>
            距离 Distance: {E(method)} · 步行速度 walking speed {report.WalkingSpeedMPerMin:0.#} m/min ·
            计入设施 sites counted: {(report.Status == SiteStatusFilter.Existing ? "现状 existing" : report.Status == SiteStatusFilter.Planned ? "规划 planned" : "现状与规划 existing and planned")} ·
            达标标准 met when at least {report.Threshold:P0} of a community's residents reach a site ·
            超出步行道 {report.OffNetworkLimitM:0} m 的居民视为不在网络上 residents farther than {report.OffNetworkLimitM:0} m from every walkway are off the network.</p>
            """);
        foreach (var level in report.Levels)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <h2>{E(level.Level.NameZh)} <span class="en">{E(level.Level.NameEn)}</span> — {level.Level.RadiusM:0} m ({level.WalkMinutes:0.#} min)</h2>
                <p class="en">{E(level.Standard)}</p>
                <table><thead><tr><th>设施 Category</th><th>覆盖居民 Residents reached</th><th>比例 Share</th><th>达标社区 Communities met</th></tr></thead><tbody>
                """);
            var names = level.Communities.FirstOrDefault()?.Findings.ToDictionary(f => f.Category, f => f) ?? [];
            foreach (var (category, covered, share, met) in level.Street)
            {
                var name = names.GetValueOrDefault(category);
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{E(name?.NameZh ?? category)} <span class=\"en\">{E(name?.NameEn ?? "")}</span></td><td class=\"n\">{covered:N0}</td><td class=\"n\">{share:P1}</td><td class=\"n\">{met} / {level.Communities.Count}</td></tr>\n");
            }

            html.Append("</tbody></table>\n");
            Picture(html, pictures, level.Level.Id, null, $"{level.Level.NameZh}：各社区缺少的必配设施 / {level.Level.NameEn}: required categories missing per community");
            foreach (var community in level.Communities)
            {
                var missing = community.Missing.ToList();
                html.Append(CultureInfo.InvariantCulture, $"""
                    <section class="community"><h3>{E(community.NameZh)} <span class="en">{E(community.NameEn)}</span> · {community.Population:N0} 人 residents ·
                    {(missing.Count == 0 ? "<span class=\"met\">全部达标 all met</span>" : $"<span class=\"missing\">缺 {missing.Count} 项 {missing.Count} missing</span>")}</h3>
                    <table><thead><tr><th>设施 Category</th><th>达标 Met</th><th>可达居民 Reached</th><th>不可达居民 Without</th><th>最近设施 Nearest</th></tr></thead><tbody>
                    """);
                foreach (var f in community.Findings)
                {
                    html.Append(CultureInfo.InvariantCulture,
                        $"<tr><td>{E(f.NameZh)} <span class=\"en\">{E(f.NameEn)}</span></td><td class=\"{(f.Met ? "met" : "missing")}\">{(f.Met ? "✓ 是 yes" : "✗ 否 no")}</td><td class=\"n\">{f.CoveredPopulation:N0} ({f.CoveredShare:P0})</td><td class=\"n\">{f.PopulationWithout:N0}</td><td class=\"n\">{(f.NearestM is { } m ? $"{m:N0} m ({m / report.WalkingSpeedMPerMin:0} min)" : "—")}</td></tr>\n");
                }

                html.Append("</tbody></table>\n");
                Picture(html, pictures, level.Level.Id, community.CommunityId,
                    $"{community.NameZh}及缺少设施的可达范围 / {community.NameEn} and where its missing categories are reached");
                html.Append("</section>\n");
            }
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Picture(StringBuilder html, Func<string, string?, string?>? pictures, string level, string? community, string caption)
    {
        if (pictures?.Invoke(level, community) is { } source)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<figure class=\"{(community is null ? "street" : "community")}\"><img alt=\"{E(caption)}\" loading=\"lazy\" src=\"{E(source)}\"><figcaption class=\"en\">{E(caption)}</figcaption></figure>\n");
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Cell(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
