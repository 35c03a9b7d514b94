// UI text in Chinese and English. Category names come from the dataset's own table (data/life-circles.json, read
// at build time), the life-circle levels from the standard the server loaded (/analysis/life-circles, set at start),
// so they match the server's answers.
import lifeCircles from '../../../data/life-circles.json';
import { analysisText } from './analysisText.js';
import { editText } from './editText.js';

const text = {
  zh: {
    title: '华阳街道规划地图',
    searchPlaceholder: '搜索设施或社区（中文或英文）',
    exportPng: '导出 PNG',
    layers: '图层',
    opacity: '透明度',
    declaredLayers: '其他图层',
    nearestTool: '最近设施',
    nearestMode: '点击地图查询最近设施',
    nearestK: '数量',
    nearestHint: '直线距离（EPSG:4544 平面，米），由服务器计算。',
    coverageTheme: '生活圈覆盖专题',
    category: '设施类别',
    level: '生活圈',
    apply: '应用',
    clear: '清除',
    coveredShare: '覆盖人口比例',
    coverageTotal: (share, pop, total) => `全街道覆盖 ${share}（${pop} / ${total} 人）`,
    noCoverage: '无',
    wgs84: 'WGS84',
    cgcs2000: 'CGCS2000 / 高斯-克吕格 中央经线105°E (EPSG:4544)',
    attribution: '数据为示意性数据（见 data/README.md），非官方规划。',
    loading: '正在加载…',
    loadFailed: (what) => `加载失败：${what}`,
    styleFailed: '地图样式（/map/style.json）加载失败，地图未绘制',
    noResults: '无匹配结果',
    metres: '米',
    existing: '现状',
    planned: '规划',
    layer: {
      water: '水系', communities: '社区', coverage: '覆盖缺口', roads: '道路',
      walkways: '步行道', plan: '规划要素', nearest: '最近设施连线', sites: '公共服务设施', labels: '名称注记',
      measure: '测量', rings: '半径圈', highlight: '选中要素', serviceArea: '步行服务范围', suggest: '建议新址', edit: '正在编辑的要素',
    },
    planKind: { axis: '发展轴', point: '节点', belt: '生态带', zone: '片区' },
    legendItems: {
      water: '水域', community: '社区边界', road: '道路', walkway: '步行道（14 级以上）',
      uncovered: '未覆盖范围', plannedSite: '规划设施（空心）', existingSite: '现状设施（实心）',
    },
    attributes: {
      id: '编号', category: '类别', status: '状态', capacity: '规模', plan_element: '规划要素',
      community_id: '所属社区', population: '人口', households: '户数', kind: '类型', class: '等级', theme: '主题',
      covered_share: '覆盖人口比例',
    },
    // vlayout (issue 14): the merged layer panel, links, bookmarks, the drawer and accessible labels.
    layersAndLegend: '图层与图例',
    visibleFromZoom: (zoom) => `${zoom} 级以上可见`,
    showCategory: (name) => `显示${name}`,
    opacityOf: (title) => `透明度：${title}`,
    showLayer: (title) => `显示图层：${title}`,
    bookmarks: '书签',
    homeView: '回到全街道',
    bookmarkGo: (name) => `前往${name}`,
    openPanelLabel: '打开图层与工具面板',
    closePanelLabel: '关闭图层与工具面板',
    mapLabel: '地图（方向键平移，+/- 缩放）',
    zoomIn: '放大',
    zoomOut: '缩小',
    resetRotation: '重置旋转',
    closePopup: '关闭弹窗',
    languageGroup: '语言',
    chooseChinese: '中文界面',
    chooseEnglish: '英文界面',
    searchLabel: '搜索设施或社区',
    searchPlaceholderShort: '搜索设施或社区',
    exportLabel: '导出当前视图为 PNG 图片',
    nearestModeLabel: '点击地图查询最近设施',
    nearestKLabel: '最近设施数量',
    categoryLabel: '覆盖专题的设施类别',
    levelLabel: '覆盖专题的生活圈',
    applyLabel: '应用覆盖专题',
    clearLabel: '清除覆盖专题',
    // --- issue 14, vfix: plain-language popups and the list of what lies under a click ---
    popupUnits: { places: '个学位', beds: '张床位', people: '人', residents: '人', households: '户' },
    roadClass: { arterial: '主干路', secondary: '次干路' },
    waterKind: { river: '河流', lake: '湖泊' },
    planThemes: {
      'axis-tianfu': '沿南北向主干大道布局国际服务、人才与教育功能',
      'belt-jinjiang': '沿府河与锦江的滨水绿道、公园与运动空间',
      'point-luhu': '湖畔国际社区：国际学校与生活服务',
      'point-old-town': '历史古城：文化、社区根基与居民参与',
      'zone-culture-arts': '古城文化、国际社区文化艺术中心与文化交流活动',
      'zone-education-talent': '国际学校，面向新居民与归国人员的人才服务（蓉漂人才荟）',
      'zone-health-sports': '健康运动小镇、滨水与湖畔运动、面向老龄社会的健康服务',
    },
    alsoHere: '此处还有',
    exportFailed: (detail) => `导出 PNG 失败：${detail}`,
    // --- issue 14, vtools: attribute table, search, nearest by category, measure and radius rings ---
    attributeTable: '属性表',
    tableLayerLabel: '属性表的图层',
    tableOpen: '打开属性表',
    tableOf: (title) => `属性表：${title}`,
    tableName: '名称',
    tableCount: (shown, total) => `${shown} / ${total} 条`,
    tableCategoryLabel: '按设施类别筛选',
    tableStatusLabel: '按状态筛选',
    tableCloseLabel: '关闭属性表',
    anyCategory: '全部类别',
    anyStatus: '全部状态',
    searchShowing: (shown, total) => `显示 ${shown} / 共 ${total} 条结果`,
    nearestCategoryLabel: '最近设施的类别',
    measureTools: '测量与半径圈',
    measureDistance: '量距离',
    measureArea: '量面积',
    measureClearLabel: '清除测量结果',
    measureHint: '单击地图添加点，双击结束；Esc 取消。',
    measureDistanceResult: '距离',
    measureAreaResult: '面积',
    ringMode: '半径圈 300 / 500 / 1000 米',
    ringClearLabel: '清除半径圈',
    ringHint: '单击地图放置半径圈。',
    ringsShown: (radii) => `已绘制半径圈：${radii}`,
    ...analysisText.zh,
    ...editText.zh,
    // --- issue 14, vtheme: the coverage theme's sites and method, its box on the map, popups and the communities' table ---
    sitesCounted: '计入设施',
    statusChoice: { existing: '仅现状设施', all: '现状 + 规划设施' },
    method: '距离算法',
    methodChoice: { buffer: '直线距离（缓冲区）', network: '步行网络距离' },
    statusLabel: '覆盖专题计入的设施',
    methodLabel: '覆盖专题的距离算法',
    requiredGroup: (level) => `★ GB 50180 ${level}必配`,
    otherCategories: '其他类别',
    standardGroup: 'GB 50180 生活圈',
    supplementGroup: '规划补充标准',
    coverageMethodLine: (method, radius, minutes, speed) =>
      `${method}：${radius} 米（${minutes} 分钟，步行速度 ${speed} 米/分钟）`,
    coverageSitesLine: (sites, count) => `${sites}，共 ${count} 处`,
    coveredResidents: '覆盖居民',
    coveredOf: (covered, population, share) => `${covered} / ${population} 人（${share}）`,
    nearestSite: '最近设施',
    nearestStraight: (category, metres) => `最近的${category}直线距离 ${metres} 米`,
    nearestWalk: (category, metres, straight) => `最近的${category}步行 ${metres} 米（直线 ${straight} 米）`,
    bufferFigure: '直线距离计算',
    bufferCovered: (covered, share) => `${covered} 人（${share}）`,
    offNetwork: '远离步行网络的居民',
    offNetworkValue: (people) => `${people} 人`,
    communityTable: '社区覆盖表',
    communityTableLabel: '打开社区覆盖情况表',
    closeTable: '关闭社区覆盖表',
    downloadCsv: 'CSV',
    downloadCsvLabel: '下载社区覆盖表（CSV）',
    tableColumns: {
      name: '社区', population: '人口', covered_population: '覆盖居民', covered_share: '覆盖比例',
      nearest_site_m: '最近设施直线距离（米）', buffer_covered_share: '直线距离覆盖比例',
    },
    sortBy: (column) => `按${column}排序`,
    zoomToCommunity: (name) => `前往${name}`,
  },
  en: {
    title: 'Huayang Street planning map',
    searchPlaceholder: 'Search a site or community (Chinese or English)',
    exportPng: 'Export PNG',
    layers: 'Layers',
    opacity: 'Opacity',
    declaredLayers: 'Other layers',
    nearestTool: 'Nearest sites',
    nearestMode: 'Click the map to list the nearest sites',
    nearestK: 'How many',
    nearestHint: 'Straight-line distance (EPSG:4544 plane, metres) as the server reports it.',
    coverageTheme: 'Life-circle coverage theme',
    category: 'Category',
    level: 'Life circle',
    apply: 'Apply',
    clear: 'Clear',
    coveredShare: 'Share of residents covered',
    coverageTotal: (share, pop, total) => `Whole street covered ${share} (${pop} of ${total} residents)`,
    noCoverage: 'none',
    wgs84: 'WGS84',
    cgcs2000: 'CGCS2000 / GK CM 105E (EPSG:4544)',
    attribution: 'Illustrative data (see data/README.md), not an official plan.',
    loading: 'Loading…',
    loadFailed: (what) => `Could not load ${what}`,
    styleFailed: 'The map style (/map/style.json) could not load, so the map is not drawn',
    noResults: 'No match',
    metres: 'm',
    existing: 'existing',
    planned: 'planned',
    layer: {
      water: 'Water', communities: 'Communities', coverage: 'Coverage gaps', roads: 'Roads',
      walkways: 'Walkways', plan: 'Plan elements', nearest: 'Nearest-site lines', sites: 'Public service sites', labels: 'Names',
      measure: 'Measurement', rings: 'Radius rings', highlight: 'Selected feature', serviceArea: 'Walking service area', suggest: 'Suggested sites', edit: 'Feature being edited',
    },
    planKind: { axis: 'Axis', point: 'Point', belt: 'Belt', zone: 'Zone' },
    legendItems: {
      water: 'Water', community: 'Community boundary', road: 'Road', walkway: 'Walkway (zoom 14 and closer)',
      uncovered: 'Not covered', plannedSite: 'Planned site (hollow)', existingSite: 'Existing site (filled)',
    },
    attributes: {
      id: 'Id', category: 'Category', status: 'Status', capacity: 'Capacity', plan_element: 'Plan element',
      community_id: 'Community', population: 'Residents', households: 'Households', kind: 'Kind', class: 'Class', theme: 'Theme',
      covered_share: 'Share of residents covered',
    },
    // vlayout (issue 14): the merged layer panel, links, bookmarks, the drawer and accessible labels.
    layersAndLegend: 'Layers and legend',
    visibleFromZoom: (zoom) => `visible from zoom ${zoom}`,
    showCategory: (name) => `Show ${name}`,
    opacityOf: (title) => `Opacity: ${title}`,
    showLayer: (title) => `Show layer: ${title}`,
    bookmarks: 'Bookmarks',
    homeView: 'Whole street',
    bookmarkGo: (name) => `Go to ${name}`,
    openPanelLabel: 'Open the layers and tools panel',
    closePanelLabel: 'Close the layers and tools panel',
    mapLabel: 'Map (arrow keys pan, +/- zoom)',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    resetRotation: 'Reset rotation',
    closePopup: 'Close the popup',
    languageGroup: 'Language',
    chooseChinese: 'Chinese interface',
    chooseEnglish: 'English interface',
    searchLabel: 'Search a site or community',
    searchPlaceholderShort: 'Search sites, communities',
    exportLabel: 'Export the current view as a PNG picture',
    nearestModeLabel: 'Click the map to list the nearest sites',
    nearestKLabel: 'How many nearest sites',
    categoryLabel: 'Category of the coverage theme',
    levelLabel: 'Life circle of the coverage theme',
    applyLabel: 'Apply the coverage theme',
    clearLabel: 'Clear the coverage theme',
    // --- issue 14, vfix: plain-language popups and the list of what lies under a click ---
    popupUnits: { places: 'places', beds: 'beds', people: 'people', residents: 'residents', households: 'households' },
    roadClass: { arterial: 'Arterial road', secondary: 'Secondary road' },
    waterKind: { river: 'River', lake: 'Lake' },
    // English themes are the plan collection's own.
    planThemes: {},
    alsoHere: 'Also here',
    exportFailed: (detail) => `Export PNG failed: ${detail}`,
    // --- issue 14, vtools: attribute table, search, nearest by category, measure and radius rings ---
    attributeTable: 'Attribute table',
    tableLayerLabel: 'Layer of the attribute table',
    tableOpen: 'Open table',
    tableOf: (title) => `Attribute table: ${title}`,
    tableName: 'Name',
    tableCount: (shown, total) => `${shown} of ${total}`,
    tableCategoryLabel: 'Filter by category',
    tableStatusLabel: 'Filter by status',
    tableCloseLabel: 'Close the attribute table',
    anyCategory: 'Any category',
    anyStatus: 'Any status',
    searchShowing: (shown, total) => `Showing ${shown} of ${total}`,
    nearestCategoryLabel: 'Category of the nearest sites',
    measureTools: 'Measure and radius rings',
    measureDistance: 'Distance',
    measureArea: 'Area',
    measureClearLabel: 'Clear the measurement',
    measureHint: 'Click the map to add points, double-click to finish; Esc cancels.',
    measureDistanceResult: 'Distance',
    measureAreaResult: 'Area',
    ringMode: 'Rings 300 / 500 / 1,000 m',
    ringClearLabel: 'Clear the radius rings',
    ringHint: 'Click the map to place the rings.',
    ringsShown: (radii) => `Rings drawn: ${radii}`,
    ...analysisText.en,
    ...editText.en,
    // --- issue 14, vtheme: the coverage theme's sites and method, its box on the map, popups and the communities' table ---
    sitesCounted: 'Sites counted',
    statusChoice: { existing: 'Existing sites only', all: 'Existing + planned sites' },
    method: 'Distance',
    methodChoice: { buffer: 'Straight-line buffer', network: 'Walking network' },
    statusLabel: 'Sites the coverage theme counts',
    methodLabel: 'How the coverage theme measures distance',
    requiredGroup: (level) => `★ Required by GB 50180 at the ${level}`,
    otherCategories: 'Other categories',
    standardGroup: 'GB 50180 life circles',
    supplementGroup: "The plan's further standards",
    coverageMethodLine: (method, radius, minutes, speed) =>
      `${method}: ${radius} m (${minutes} min at a walking speed of ${speed} m/min)`,
    coverageSitesLine: (sites, count) => `${sites}, ${count} in all`,
    coveredResidents: 'Residents covered',
    coveredOf: (covered, population, share) => `${covered} of ${population} (${share})`,
    nearestSite: 'Nearest site',
    nearestStraight: (category, metres) => `The nearest ${category} is ${metres} m away in a straight line`,
    nearestWalk: (category, metres, straight) => `The nearest ${category} is a ${metres} m walk (${straight} m in a straight line)`,
    bufferFigure: 'By straight-line buffer',
    bufferCovered: (covered, share) => `${covered} residents (${share})`,
    offNetwork: 'Residents off the walking network',
    offNetworkValue: (people) => `${people} residents`,
    communityTable: 'Communities table',
    communityTableLabel: 'Open the table of the communities’ coverage',
    closeTable: 'Close the communities table',
    downloadCsv: 'CSV',
    downloadCsvLabel: 'Download the communities table (CSV)',
    tableColumns: {
      name: 'Community', population: 'Residents', covered_population: 'Covered', covered_share: 'Share covered',
      nearest_site_m: 'Nearest site, straight line (m)', buffer_covered_share: 'Share by straight line',
    },
    sortBy: (column) => `Sort by ${column}`,
    zoomToCommunity: (name) => `Go to ${name}`,
  },
};

// The categories as the dataset's table names them at build time; the levels once the server's standard has loaded
// (/analysis/life-circles, setLifeCircles): its own levels, then those of its supplementary standards.
export const categories = lifeCircles.categories;
export let levels = [];
/** The life-circle standard the server loaded ({ standard, walking_speed_m_per_min, levels, categories, supplements }), or null. */
export let lifeCircleStandard = null;

/** Sets the standard the server answered /analysis/life-circles with. */
export function setLifeCircles(answer) {
  lifeCircleStandard = answer;
  levels = [...answer.levels, ...(answer.supplements ?? []).flatMap((s) => s.levels)];
}

let language = 'zh';

export function currentLanguage() {
  return language;
}

export function setLanguage(value) {
  language = value === 'en' ? 'en' : 'zh';
}

/** The UI text for a key in the current language. */
export function t(key) {
  return text[language][key];
}

/** A feature's or record's name in the current language, falling back to the other one. */
export function nameOf(properties) {
  const zh = properties.name_zh;
  const en = properties.name_en;
  return language === 'zh' ? (zh || en || '') : (en || zh || '');
}

export function categoryName(id) {
  const category = categories.find((c) => c.id === id);
  if (!category) {
    return id;
  }
  return language === 'zh' ? category.name_zh : category.name_en;
}

export function levelName(id) {
  const level = levels.find((l) => l.id === id);
  if (!level) {
    return id;
  }
  return language === 'zh' ? level.name_zh : level.name_en;
}
