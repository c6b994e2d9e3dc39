namespace Kechuang.Load.Data;

/// <summary>A city of a province and some of its counties (the first ones rural).</summary>
public sealed record City(string Province, string Name, IReadOnlyList<string> Counties);

/// <summary>The 31 mainland provincial-level divisions, each with a city and counties the seed data uses.</summary>
public static class Places
{
    public static readonly IReadOnlyList<City> Cities =
    [
        new("北京市", "北京市", ["延庆区", "密云区", "怀柔区", "东城区"]),
        new("天津市", "天津市", ["蓟州区", "宝坻区", "静海区", "和平区"]),
        new("河北省", "保定市", ["阜平县", "涞源县", "易县", "竞秀区"]),
        new("山西省", "吕梁市", ["岚县", "兴县", "临县", "离石区"]),
        new("内蒙古自治区", "赤峰市", ["巴林左旗", "敖汉旗", "宁城县", "红山区"]),
        new("辽宁省", "朝阳市", ["建平县", "喀喇沁左翼蒙古族自治县", "朝阳县", "双塔区"]),
        new("吉林省", "延边朝鲜族自治州", ["汪清县", "安图县", "和龙市", "延吉市"]),
        new("黑龙江省", "绥化市", ["兰西县", "青冈县", "明水县", "北林区"]),
        new("上海市", "上海市", ["崇明区", "金山区", "奉贤区", "徐汇区"]),
        new("江苏省", "宿迁市", ["泗洪县", "泗阳县", "沭阳县", "宿城区"]),
        new("浙江省", "丽水市", ["景宁畲族自治县", "庆元县", "遂昌县", "莲都区"]),
        new("安徽省", "六安市", ["金寨县", "霍邱县", "舒城县", "金安区"]),
        new("福建省", "宁德市", ["寿宁县", "屏南县", "周宁县", "蕉城区"]),
        new("江西省", "赣州市", ["于都县", "兴国县", "宁都县", "章贡区"]),
        new("山东省", "临沂市", ["沂南县", "平邑县", "蒙阴县", "兰山区"]),
        new("河南省", "信阳市", ["光山县", "新县", "商城县", "浉河区"]),
        new("湖北省", "恩施土家族苗族自治州", ["巴东县", "咸丰县", "鹤峰县", "恩施市"]),
        new("湖南省", "湘西土家族苗族自治州", ["花垣县", "保靖县", "古丈县", "吉首市"]),
        new("广东省", "梅州市", ["大埔县", "丰顺县", "五华县", "梅江区"]),
        new("广西壮族自治区", "河池市", ["都安瑶族自治县", "大化瑶族自治县", "环江毛南族自治县", "金城江区"]),
        new("海南省", "五指山市", ["南圣镇", "毛阳镇", "水满乡", "通什镇"]),
        new("重庆市", "重庆市", ["城口县", "巫溪县", "酉阳土家族苗族自治县", "渝中区"]),
        new("四川省", "凉山彝族自治州", ["昭觉县", "布拖县", "美姑县", "西昌市"]),
        new("贵州省", "毕节市", ["威宁彝族回族苗族自治县", "赫章县", "纳雍县", "七星关区"]),
        new("云南省", "临沧市", ["沧源佤族自治县", "双江拉祜族佤族布朗族傣族自治县", "镇康县", "临翔区"]),
        new("西藏自治区", "日喀则市", ["拉孜县", "定日县", "江孜县", "桑珠孜区"]),
        new("陕西省", "商洛市", ["镇安县", "柞水县", "山阳县", "商州区"]),
        new("甘肃省", "定西市", ["临洮县", "岷县", "通渭县", "安定区"]),
        new("青海省", "海东市", ["化隆回族自治县", "循化撒拉族自治县", "民和回族土族自治县", "乐都区"]),
        new("宁夏回族自治区", "固原市", ["西吉县", "隆德县", "泾源县", "原州区"]),
        new("新疆维吾尔自治区", "和田地区", ["墨玉县", "洛浦县", "于田县", "和田市"]),
    ];

    public static IReadOnlyList<string> Provinces { get; } = Cities.Select(c => c.Province).ToList();

    public static City In(string province) => Cities.First(c => c.Province == province);

    /// <summary>The last county of each city is its urban district; the others are rural.</summary>
    public static bool IsRural(City city, string county) => county != city.Counties[^1];
}
