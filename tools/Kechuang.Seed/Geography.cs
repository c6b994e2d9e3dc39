namespace Kechuang.Seed;

/// <summary>A county (or district) of a city; rural ones count in Outreach's coverage.</summary>
public sealed record County(string Name, bool Rural);

public sealed record City(string Name, IReadOnlyList<County> Counties);

/// <summary>A provincial-level division: its name as the API takes it, a pinyin slug for usernames, its cities.</summary>
public sealed record Province(string Name, string Slug, IReadOnlyList<City> Cities)
{
    public IEnumerable<(City City, County County)> Places => Cities.SelectMany(c => c.Counties.Select(k => (c, k)));
}

/// <summary>
/// The 31 mainland provincial-level divisions, each with its capital and a city of its countryside
/// (the counties the programme reaches first), as the demo data uses them.
/// </summary>
public static class Geography
{
    private static Province P(string name, string slug, params City[] cities) => new(name, slug, cities);

    private static City C(string name, params string[] counties) =>
        // A district (区) of a capital is urban; every other county here is rural.
        new(name, counties.Select(k => new County(k.TrimStart('*'), !k.StartsWith('*'))).ToList());

    public static readonly IReadOnlyList<Province> Provinces =
    [
        P("北京市", "beijing", C("北京市", "*东城区", "延庆区", "密云区", "怀柔区")),
        P("天津市", "tianjin", C("天津市", "*和平区", "蓟州区", "宝坻区", "静海区")),
        P("河北省", "hebei", C("石家庄市", "*长安区", "赞皇县"), C("保定市", "阜平县", "涞源县", "易县")),
        P("山西省", "shanxi", C("太原市", "*小店区", "娄烦县"), C("吕梁市", "岚县", "兴县", "临县")),
        P("内蒙古自治区", "neimenggu", C("呼和浩特市", "*新城区", "武川县"), C("赤峰市", "巴林左旗", "敖汉旗", "宁城县")),
        P("辽宁省", "liaoning", C("沈阳市", "*和平区", "康平县"), C("朝阳市", "建平县", "喀喇沁左翼蒙古族自治县", "朝阳县")),
        P("吉林省", "jilin", C("长春市", "*朝阳区", "农安县"), C("延边朝鲜族自治州", "汪清县", "安图县", "和龙市")),
        P("黑龙江省", "heilongjiang", C("哈尔滨市", "*南岗区", "延寿县"), C("绥化市", "兰西县", "青冈县", "明水县")),
        P("上海市", "shanghai", C("上海市", "*徐汇区", "崇明区", "金山区", "奉贤区")),
        P("江苏省", "jiangsu", C("南京市", "*鼓楼区", "高淳区"), C("宿迁市", "泗洪县", "泗阳县", "沭阳县")),
        P("浙江省", "zhejiang", C("杭州市", "*西湖区", "淳安县"), C("丽水市", "景宁畲族自治县", "庆元县", "遂昌县")),
        P("安徽省", "anhui", C("合肥市", "*蜀山区", "庐江县"), C("六安市", "金寨县", "霍邱县", "舒城县")),
        P("福建省", "fujian", C("福州市", "*鼓楼区", "永泰县"), C("宁德市", "寿宁县", "屏南县", "周宁县")),
        P("江西省", "jiangxi", C("南昌市", "*东湖区", "进贤县"), C("赣州市", "于都县", "兴国县", "宁都县")),
        P("山东省", "shandong", C("济南市", "*历下区", "平阴县"), C("临沂市", "沂南县", "平邑县", "蒙阴县")),
        P("河南省", "henan", C("郑州市", "*金水区", "中牟县"), C("信阳市", "光山县", "新县", "商城县")),
        P("湖北省", "hubei", C("武汉市", "*武昌区", "黄陂区"), C("恩施土家族苗族自治州", "巴东县", "咸丰县", "鹤峰县")),
        P("湖南省", "hunan", C("长沙市", "*岳麓区", "宁乡市"), C("湘西土家族苗族自治州", "花垣县", "保靖县", "古丈县")),
        P("广东省", "guangdong", C("广州市", "*天河区", "从化区"), C("梅州市", "大埔县", "丰顺县", "五华县")),
        P("广西壮族自治区", "guangxi", C("南宁市", "*青秀区", "马山县"), C("河池市", "都安瑶族自治县", "大化瑶族自治县", "环江毛南族自治县")),
        P("海南省", "hainan", C("海口市", "*龙华区", "琼山区"), C("五指山市", "南圣镇", "毛阳镇", "水满乡")),
        P("重庆市", "chongqing", C("重庆市", "*渝中区", "城口县", "巫溪县", "酉阳土家族苗族自治县")),
        P("四川省", "sichuan", C("成都市", "*锦江区", "蒲江县"), C("凉山彝族自治州", "昭觉县", "布拖县", "美姑县")),
        P("贵州省", "guizhou", C("贵阳市", "*云岩区", "开阳县"), C("毕节市", "威宁彝族回族苗族自治县", "赫章县", "纳雍县")),
        P("云南省", "yunnan", C("昆明市", "*五华区", "禄劝彝族苗族自治县"), C("临沧市", "沧源佤族自治县", "双江拉祜族佤族布朗族傣族自治县", "镇康县")),
        P("西藏自治区", "xizang", C("拉萨市", "*城关区", "当雄县"), C("日喀则市", "拉孜县", "定日县", "江孜县")),
        P("陕西省", "shaanxi", C("西安市", "*雁塔区", "周至县"), C("商洛市", "镇安县", "柞水县", "山阳县")),
        P("甘肃省", "gansu", C("兰州市", "*城关区", "榆中县"), C("定西市", "临洮县", "岷县", "通渭县")),
        P("青海省", "qinghai", C("西宁市", "*城中区", "湟中区"), C("海东市", "化隆回族自治县", "循化撒拉族自治县", "民和回族土族自治县")),
        P("宁夏回族自治区", "ningxia", C("银川市", "*兴庆区", "永宁县"), C("固原市", "西吉县", "隆德县", "泾源县")),
        P("新疆维吾尔自治区", "xinjiang", C("乌鲁木齐市", "*天山区", "乌鲁木齐县"), C("和田地区", "墨玉县", "洛浦县", "于田县")),
    ];

    /// <summary>The province's place in <see cref="Provinces"/> (the order of GB/T 2260 codes).</summary>
    public static int Number(Province province) => Provinces.Select((p, n) => (p, n)).Single(x => x.p == province).n;

    /// <summary>The province whose accounts the demo prints (a western province, with rural counties).</summary>
    public static Province Demo { get; } = Provinces.Single(p => p.Slug == "gansu");
}
