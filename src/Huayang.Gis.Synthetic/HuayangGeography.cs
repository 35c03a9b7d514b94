namespace Huayang.Gis.Synthetic;

/// <summary>A community seed: the point its illustrative boundary grows from (local metres).</summary>
/// <param name="Density">Relative residents per km² of land: 1 is an ordinary built-up community.</param>
/// <param name="Service">How well the community is served by everyday facilities: 'A' well, 'B' ordinary, 'C' with gaps.</param>
internal sealed record CommunitySeed(
    string Id, string NameZh, string NameEn, bool RealName, double X, double Y, double Density, char Service);

/// <summary>A river centre line (local metres, upstream to downstream) and its half width in metres.</summary>
internal sealed record RiverLine(string Id, string NameZh, string NameEn, double HalfWidth, (double X, double Y)[] Vertices);

/// <summary>A lake outline (local metres).</summary>
internal sealed record LakeShape(string Id, string NameZh, string NameEn, (double X, double Y)[] Vertices);

/// <summary>A road centre line (local metres).</summary>
/// <param name="Class"><c>arterial</c> or <c>secondary</c>.</param>
internal sealed record RoadLine(string Id, string NameZh, string NameEn, string Class, bool RealName, (double X, double Y)[] Vertices);

/// <summary>A plan zone (local metres); clipped to the outline when generated.</summary>
internal sealed record PlanZone(string Id, string NameZh, string NameEn, string Theme, (double X, double Y)[] Vertices);

/// <summary>A hand-placed site (local metres).</summary>
internal sealed record NamedSite(
    string Id, string NameZh, string NameEn, string Category, string Status, int? Capacity, string? PlanElement,
    double X, double Y);

/// <summary>
/// The hand-authored inputs of the illustrative Huayang Street dataset, in the local metric plane
/// of <see cref="LocalPlane"/> (x metres east, y metres north of 104.05°E 30.50°N). Facts behind
/// them: 38.5 km², 28 communities plus Luhu International Community, the Fu and Jiang'an rivers
/// meeting near Erjiangsi to form the Jinjiang running south-east, Tianfu Avenue running north–south
/// at about 104.065°E, Luhu south of the built-up core. Every shape and position is authored.
/// </summary>
internal static class HuayangGeography
{
    /// <summary>The street's area the outline is scaled to, in m².</summary>
    public const double TargetAreaM2 = 38.5e6;

    /// <summary>The 2020 census population of the street (rounded).</summary>
    public const int TotalPopulation = 444_000;

    /// <summary>The outline before scaling to <see cref="TargetAreaM2"/>; scaled about its centroid.</summary>
    public static readonly (double X, double Y)[] Outline =
    [
        (-2700, 2300), (-1900, 2450), (-1200, 2450), (-400, 2500), (300, 2350), (900, 2500), (1500, 2500),
        (2200, 2420), (2700, 2300), (3150, 1700), (3300, 900), (3250, 200), (3100, -500), (3300, -1300),
        (3400, -2200), (3000, -2950), (2300, -3300), (2050, -3900), (1950, -4500), (1550, -5000), (900, -5150),
        (300, -4900), (-50, -4400), (-200, -3650), (-700, -3150), (-1400, -2900), (-2000, -2600), (-2700, -2000),
        (-3050, -1200), (-3100, -400), (-3000, 400), (-3150, 1100), (-3050, 1800),
    ];

    /// <summary>Where the Fu and Jiang'an rivers meet (near 二江寺), local metres.</summary>
    public static readonly (double X, double Y) Confluence = (-800, -1000);

    public static readonly RiverLine[] Rivers =
    [
        new("fu-river", "府河", "Fu River", 40,
            [(-450, 3400), (-500, 2600), (-450, 1800), (-650, 1000), (-500, 300), (-700, -400), Confluence]),
        new("jiangan-river", "江安河", "Jiang'an River", 30,
            [(-4000, 1150), (-3300, 1000), (-2600, 850), (-2000, 600), (-1700, 100), (-1750, -500), (-1300, -950), Confluence]),
        new("jinjiang", "锦江", "Jinjiang River", 55,
            [Confluence, (-400, -1500), (300, -1900), (1100, -2200), (1900, -2450), (2600, -2800), (3500, -3300), (4300, -3800)]),
    ];

    public static readonly LakeShape[] Lakes =
    [
        new("luhu-lake", "麓湖", "Luhu Lake",
            [(350, -3950), (700, -3800), (1100, -3850), (1350, -4050), (1300, -4350), (1050, -4550), (800, -4500),
             (600, -4650), (350, -4500), (250, -4200)]),
        new("south-lake", "南湖", "South Lake",
            [(100, -1050), (300, -1000), (430, -1100), (400, -1250), (220, -1300), (80, -1200)]),
    ];

    /// <summary>南湖公园 South Lake Park: parkland, sparsely populated (local metres).</summary>
    public static readonly (double X, double Y)[] SouthLakePark =
        [(-150, -850), (550, -800), (650, -1150), (500, -1450), (50, -1500), (-250, -1250)];

    /// <summary>Centre of the old town (古城, around 正西街), local metres.</summary>
    public static readonly (double X, double Y) OldTownCentre = (150, 350);

    /// <summary>x of Tianfu Avenue near the middle of the street, local metres.</summary>
    public const double TianfuAvenueX = 1440;

    public static readonly CommunitySeed[] Communities =
    [
        new("baimasi", "白马寺社区", "Baimasi Community", true, -2350, 1700, 0.8, 'B'),
        new("longteng", "龙腾社区", "Longteng Community", true, -1150, 1850, 0.9, 'B'),
        new("jinqiao", "金桥社区", "Jinqiao Community", false, -2150, 1000, 0.7, 'C'),
        new("huaxin", "华新社区", "Huaxin Community", false, -1150, 700, 1.0, 'B'),
        new("jinjiang", "锦江社区", "Jinjiang Community", true, -1200, -350, 0.9, 'C'),
        new("tongjiang", "通江社区", "Tongjiang Community", false, -150, 1950, 1.0, 'B'),
        new("qinghe", "清河社区", "Qinghe Community", true, 750, 1750, 1.3, 'A'),
        new("wenxing", "文星社区", "Wenxing Community", false, 1750, 1900, 1.2, 'B'),
        new("xinhua", "新华社区", "Xinhua Community", false, 2700, 1600, 0.9, 'C'),
        new("banbianjie", "半边街社区", "Banbianjie Community", true, -250, 950, 1.9, 'A'),
        new("gucheng", "古城社区", "Gucheng Community", true, 400, 650, 2.3, 'A'),
        new("yingchun", "迎春社区", "Yingchun Community", false, 1200, 900, 1.6, 'A'),
        new("taiping", "太平社区", "Taiping Community", false, 2100, 800, 1.3, 'B'),
        new("fenghuang", "凤凰社区", "Fenghuang Community", false, 2950, 450, 0.8, 'C'),
        new("zhengxi", "正西社区", "Zhengxi Community", false, -100, 100, 2.2, 'A'),
        new("xinjie", "新街社区", "Xinjie Community", false, 700, -250, 1.8, 'B'),
        new("tianhua", "天华社区", "Tianhua Community", false, 1600, -150, 1.5, 'A'),
        new("heping", "和平社区", "Heping Community", false, 2500, -500, 1.0, 'B'),
        new("nanhu", "南湖社区", "Nanhu Community", false, 150, -1050, 0.7, 'B'),
        new("chengnan", "城南社区", "Chengnan Community", false, 1000, -1350, 1.2, 'B'),
        new("wangjiang", "望江社区", "Wangjiang Community", false, 2000, -1650, 1.0, 'C'),
        new("shahe", "沙河社区", "Shahe Community", false, 2950, -1500, 0.7, 'C'),
        new("erjiangsi", "二江寺社区", "Erjiangsi Community", true, -1250, -1650, 0.9, 'B'),
        new("hechi", "河池社区", "Hechi Community", true, -2450, -350, 0.8, 'B'),
        new("shuanghe", "双河社区", "Shuanghe Community", false, -2150, -1500, 0.6, 'C'),
        new("binjiang", "滨江社区", "Binjiang Community", false, -350, -2350, 0.8, 'B'),
        new("baiyang", "柏杨社区", "Baiyang Community", false, 700, -2750, 0.7, 'C'),
        new("hubin", "湖滨社区", "Hubin Community", false, 1900, -3050, 0.6, 'B'),
        new("luhu", "麓湖国际社区", "Luhu International Community", true, 850, -4250, 0.45, 'A'),
    ];

    public static readonly RoadLine[] Roads =
    [
        new("tianfu-avenue", "天府大道", "Tianfu Avenue", "arterial", true,
            [(1440, 2900), (1450, 800), (1440, -1500), (1420, -3200), (1400, -5400)]),
        new("huayang-avenue", "华阳大道", "Huayang Avenue", "arterial", false,
            [(-3400, 650), (-1500, 700), (0, 600), (1445, 620), (3600, 500)]),
        new("wenxing-avenue", "文星大道", "Wenxing Avenue", "arterial", false,
            [(-3200, 1850), (-1000, 1900), (1440, 1950), (3300, 1850)]),
        new("nanhu-avenue", "南湖大道", "Nanhu Avenue", "arterial", false,
            [(-550, -700), (400, -800), (1440, -900), (3500, -1000)]),
        new("zhengxi-street", "正西街", "Zhengxi Street", "secondary", true,
            [(-450, 250), (300, 300), (1000, 350)]),
        new("luhu-avenue", "麓湖大道", "Luhu Avenue", "secondary", false,
            [(1430, -3000), (900, -3400), (200, -3500), (-300, -3300)]),
        new("huaxin-road", "华新路", "Huaxin Road", "secondary", false,
            [(-1900, 2700), (-1850, 800), (-2000, -600), (-2100, -2500)]),
        new("erjiang-road", "二江路", "Erjiang Road", "secondary", false,
            [(-2900, -1100), (-1600, -1300), (-900, -1700), (-200, -2200), (900, -2650), (1420, -2750)]),
        new("fenghuang-road", "凤凰路", "Fenghuang Road", "secondary", false,
            [(2650, 2600), (2700, 0), (2750, -2600), (2600, -3300)]),
        new("yingchun-road", "迎春路", "Yingchun Road", "secondary", false,
            [(600, 2600), (650, -850)]),
    ];

    public static readonly PlanZone[] Zones =
    [
        new("zone-education-talent", "国际教育与人才片区", "International Education and Talent Zone",
            "international schools, talent services for newcomers and returnees (蓉漂人才荟)",
            [(1100, 1800), (2600, 1900), (3000, 600), (2700, -900), (1900, -1500), (1200, -1000), (1200, 300)]),
        new("zone-culture-arts", "文化艺术片区", "Culture and Arts Zone",
            "old-town culture, the international community culture and arts centre, cultural exchange events",
            [(-900, 1500), (600, 1600), (1100, 900), (900, -300), (300, -700), (-600, -500), (-1000, 400)]),
        new("zone-health-sports", "健康运动片区", "Health and Sports Zone",
            "the health and sports town, riverside and lakeside sport, health services for an ageing society",
            [(-800, -2000), (400, -1800), (1800, -2300), (2600, -3000), (2100, -4200), (1500, -5000), (400, -5000),
             (-200, -3700), (-900, -3000)]),
    ];

    /// <summary>The Luhu point of the plan (local metres), on the lake's east shore.</summary>
    public static readonly (double X, double Y) LuhuPoint = (1550, -3900);

    /// <summary>Width of the Jinjiang riverside belt each side of the centre line, metres.</summary>
    public const double BeltHalfWidth = 250;

    public static readonly NamedSite[] NamedSites =
    [
        new("site-sports-town", "健康运动小镇", "Health and Sports Town", "sports_town", "planned", null,
            "zone-health-sports", 1250, -3250),
        new("site-culture-arts-centre", "国际社区文化艺术中心", "International Community Culture and Arts Centre",
            "culture_arts_centre", "planned", 800, "zone-culture-arts", 300, 150),
        new("site-talent-hub", "蓉漂人才荟", "Rongpiao Talent Hub (talent service space)", "talent_service", "existing", null,
            "axis-tianfu", 1650, 350),
        new("site-intl-school-tianfu", "天府国际学校", "Tianfu International School", "international_school", "existing", 1500,
            "zone-education-talent", 2250, -250),
        new("site-intl-school-luhu", "麓湖国际学校", "Luhu International School", "international_school", "existing", 900,
            "point-luhu", 1650, -4400),
        new("site-intl-school-north", "华阳国际学校（规划）", "Huayang International School (planned)", "international_school",
            "planned", 1200, "zone-education-talent", 2350, 1250),
        new("site-intl-station-luhu", "麓湖国际社区服务站", "Luhu International Community Service Station",
            "international_services", "existing", null, "point-luhu", 1500, -4100),
        new("site-foreign-clinic", "外语门诊服务台（古城社区卫生服务中心）", "Foreign-language Clinic Desk (Gucheng Health Centre)",
            "international_services", "existing", null, "point-old-town", 50, 500),
        new("site-intl-life-centre", "国际生活服务中心", "International Life Service Centre", "international_services", "planned",
            null, "axis-tianfu", 1650, -1200),
        new("site-south-lake-park", "南湖公园", "South Lake Park", "park", "existing", null, "belt-jinjiang", 480, -1380),
        new("site-erjiangsi-park", "二江寺滨河公园", "Erjiangsi Riverside Park", "park", "existing", null, "belt-jinjiang",
            -1150, -1350),
        new("site-jinjiang-greenway", "锦江绿道驿站", "Jinjiang Greenway Station", "sports", "existing", null, "belt-jinjiang",
            900, -1950),
        new("site-windmill-square", "风车文化广场", "Windmill Culture Square (Netherlands windmill festival venue)", "culture",
            "existing", null, "zone-culture-arts", -300, -350),
    ];
}
