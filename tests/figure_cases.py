"""The test table of tricky sentences for figure extraction: (sentence, language, expected figures).

Each expected figure is (value, currency, qualifier); value is the low end for ranges.
An empty list means: nothing in this sentence is money.
"""
from __future__ import annotations

B, M, T = 1e9, 1e6, 1e12
YI, WAN = 1e8, 1e4

CASES: list[tuple[str, str, list[tuple[float, str, str | None]]]] = [
    # --- Chinese, Arabic digits with Chinese scales
    ("软银承诺对美国进行1000亿美元的投资。", "zh", [(1000 * YI, "USD", None)]),
    ("这些合作得到了九家日本公司的1.1亿美元的联合投资。", "zh", [(1.1 * YI, "USD", None)]),
    ("软银集团从2017年开始运作10万亿日元规模的愿景基金。", "zh", [(10 * T, "JPY", None)]),
    ("预算增加四倍，达到 1.23 万亿日元。", "zh", [(1.23 * T, "JPY", None)]),
    ("亚马逊计划在2027年之前向日本投资约270亿美元。", "zh", [(270 * YI, "USD", "about")]),
    ("软银还准备向OpenAI追加投资最高15亿美元。", "zh", [(15 * YI, "USD", "up to")]),
    ("该公司计划投资五百亿美元建设数据中心。", "zh", [(500 * YI, "USD", None)]),
    ("政府将拨款3,000亿日元支持芯片产业。", "zh", [(3000 * YI, "JPY", None)]),
    ("投资总额为１０００亿美元。", "zh", [(1000 * YI, "USD", None)]),
    ("参议院通过了总额7千4百亿美元的国防授权法。", "zh", [(7400 * YI, "USD", None)]),  # digits with 千 and 百
    ("资金外流1千1百多亿元。", "zh", [(1100 * YI, "CNY", "over")]),
    ("金额达1兆1235億元，预估创造就业。", "zh", [(1.1235 * T, "CNY", None)]),  # 兆 and 億 in one number
    # no currency word: money only with a Chinese scale word right after a word of money
    ("公司今年投资100亿建设工厂。", "zh", [(100 * YI, "CNY", None)]),
    ("罚款最高216万。", "zh", [(216 * WAN, "CNY", "up to")]),
    ("中国人口14亿。", "zh", []),
    ("中国人口是14亿，用户有1亿。", "zh", []),  # a copula after no word of money
    ("去年整个政府公共开支是1千1百多亿。", "zh", [(1100 * YI, "CNY", "over")]),  # a word of spending, then 是
    ("政府的长期债务将增至6.1兆。", "zh", [(6.1 * T, "CNY", None)]),  # of debt, then up to 4 characters
    ("每户最高补贴1万度，由省市县承担。", "zh", []),  # kilowatt hours
    ("投资者超过1亿人。", "zh", []),
    ("双方计划投入100亿至200亿美元。", "zh", [(100 * YI, "USD", "range")]),
    ("公司获得了2000多亿元人民币的融资。", "zh", [(2000 * YI, "CNY", "over")]),
    ("市值超过3万亿美元。", "zh", [(3 * T, "USD", "over")]),
    ("该基金规模至少为500亿美元。", "zh", [(500 * YI, "USD", "at least")]),
    ("韩国将投资470万亿韩元打造半导体集群。", "zh", [(470 * T, "KRW", None)]),
    ("欧盟宣布430亿欧元的芯片法案。", "zh", [(430 * YI, "EUR", None)]),
    ("英国政府投入10亿英镑。", "zh", [(10 * YI, "GBP", None)]),
    ("台积电将投资约新台币1000亿元。", "zh", [(1000 * YI, "TWD", "about")]),
    ("港府拨款50亿港元。", "zh", [(50 * YI, "HKD", None)]),
    # two scale words in one number; amounts given only by their size (value: the low end)
    ("2024年国内生产总值达到134万9084亿元。", "zh", [(1349084 * YI, "CNY", None)]),
    ("政府将投入1亿2000万元用于研发。", "zh", [(1.2 * YI, "CNY", None)]),
    ("公司以8億573萬1040元競得龍江航空。", "zh", [(805731040.0, "CNY", None)]),  # three scale words, no scale after
    ("政府将投入1亿零500万元用于研发。", "zh", [(1.05 * YI, "CNY", None)]),  # 零 between two scale words
    ("政府拨款2亿零3千万元。", "zh", [(2.3 * YI, "CNY", None)]),  # digits with units after the inner scale word
    ("软银计划向OpenAI投资数十亿美元。", "zh", [(20 * YI, "USD", "vague")]),
    ("该公司获得十几亿元融资。", "zh", [(11 * YI, "CNY", "vague")]),
    ("SoftBank will invest several billion dollars in the venture.", "en", [(2 * B, "USD", "vague")]),
    ("The start-up has raised hundreds of millions of dollars since 2020.", "en", [(2 * 100 * M, "USD", "vague")]),
    ("Tens of billions of euros will flow into new chip plants.", "en", [(2 * 10 * B, "EUR", "vague")]),
    ("The deal is worth billions of dollars to Arm.", "en", [(2 * B, "USD", "vague")]),
    ("Toyota spent a few hundred million yen on the line.", "en", [(2 * 100 * M, "JPY", "vague")]),
    ("Several million people watched; billions of parameters were trained.", "en", []),
    ("门票只要数十元。", "zh", []),
    ("這幅手稿以18萬5,000歐元成交。", "zh", [(185000, "EUR", None)]),
    ("新加坡政府拨出10亿新元。", "zh", [(10 * YI, "SGD", None)]),
    ("该项目耗资两千亿日元。", "zh", [(2000 * YI, "JPY", None)]),
    ("公司出资一千二百亿日元。", "zh", [(1200 * YI, "JPY", None)]),
    ("总投资额为人民币500亿元。", "zh", [(500 * YI, "CNY", None)]),
    ("每股派息5元。", "zh", [(5, "CNY", None)]),
    ("单价约合1200美元左右。", "zh", [(1200, "USD", "about")]),
    ("高达2000亿美元的投资计划。", "zh", [(2000 * YI, "USD", "up to")]),
    ("计划筹集逾100亿美元。", "zh", [(100 * YI, "USD", "over")]),
    ("预算增加至 1.23 万亿日元（约合 101 亿美元）。", "zh", [(1.23 * T, "JPY", None)]),
    ("营业额超50亿美元。", "zh", [(50 * YI, "USD", "over")]),
    ("市值不到3亿美元。", "zh", [(3 * YI, "USD", "up to")]),
    ("发债逾千亿美元。", "zh", [(1000 * YI, "USD", "over")]),
    ("因受贿1240万余元被判刑。", "zh", [(1240 * WAN, "CNY", "over")]),
    ("价格在400美元至600美元之间。", "zh", [(400, "USD", "range")]),
    ("公司斥资5亿美元收购对手。", "zh", [(5 * YI, "USD", None)]),
    # --- Chinese, not money
    ("并创造10万个就业岗位。", "zh", []),
    ("开发拥有10万个量子比特的量子中心超级计算机。", "zh", []),
    ("该处理器搭载127量子比特。", "zh", []),
    ("预算比上年增长约50%。", "zh", []),
    ("2016年，孙正义拜访了特朗普。", "zh", []),
    ("包括10岁左右的年轻人在内的研究者。", "zh", []),
    ("旨在未来十年内培训4万名学生。", "zh", []),
    ("共同推动2纳米芯片的生产。", "zh", []),
    ("本报告共24页/8123字。", "zh", []),
    ("605358.CN 和 SOXL.US 股价上涨。", "zh", []),
    ("智力水平达到人类1万倍的超级人工智能。", "zh", []),
    ("2019-2020年度报告。", "zh", []),
    ("人民币兑美元开盘报6.5700元。", "zh", []),
    ("7.21元朗站事件后，活动于7日圓滿結束。", "zh", []),
    ("人工智能元年已经到来，三元素缺一不可。", "zh", []),
    # --- English
    ("SoftBank is considering investing over $1 trillion in AI parks.", "en", [(1 * T, "USD", "over")]),
    ("They would expand the investment to at least $500 billion.", "en", [(500 * B, "USD", "at least")]),
    ("In 2016, SoftBank invested $4.4 billion in WeWork.", "en", [(4.4 * B, "USD", None)]),
    ("SoftBank previously invested $25 million in OpenAI.", "en", [(25 * M, "USD", None)]),
    ("The firm raised US$2.5bn from investors.", "en", [(2.5 * B, "USD", None)]),
    ("Support rose to about 1.23 trillion yen (S$10.1 billion) for the year.", "en", [(1.23 * T, "JPY", "about")]),
    ("The ministry earmarked 150 billion yen for Rapidus.", "en", [(150 * B, "JPY", None)]),
    ("Some 1.78 trillion yen of special bonds will be issued.", "en", [(1.78 * T, "JPY", "about")]),
    ("The EU pledged €10 billion to the chips act.", "en", [(10 * B, "EUR", None)]),
    ("HK$3 billion was set aside.", "en", [(3 * B, "HKD", None)]),
    ("The deal is worth $1-2 billion.", "en", [(1 * B, "USD", "range")]),
    ("Britain will spend £500 million on AI.", "en", [(500 * M, "GBP", None)]),
    ("A $6.5 billion acquisition of Ampere.", "en", [(6.5 * B, "USD", None)]),
    ("The company raised $300m in its latest round.", "en", [(300 * M, "USD", None)]),
    ("Samsung will invest 450 trillion won by 2030.", "en", [(450 * T, "KRW", None)]),
    ("China set up a 344 billion yuan chip fund.", "en", [(344 * B, "CNY", None)]),
    ("The stake is valued at up to $40 billion.", "en", [(40 * B, "USD", "up to")]),
    ("The plan costs 5 million pounds.", "en", [(5 * M, "GBP", None)]),
    ("It will invest $100 billion immediately.", "en", [(100 * B, "USD", None)]),
    ("Revenue came to ¥2 trillion last year.", "en", [(2 * T, "JPY", None)]),
    ("Debt reached some $3.5trn in total.", "en", [(3.5 * T, "USD", "about")]),
    ("Ericsson will spend SKr 2bn on the plant.", "en", [(2 * B, "SEK", None)]),
    # --- English, not money
    ("The budget rose by about 50 per cent from the previous year.", "en", []),
    ("The chip has 127 qubits and a 2nm process.", "en", []),
    ("The report runs to 24 pages and 8,123 words.", "en", []),
    ("Son, 67, met Trump on Dec 26 in 2024.", "en", []),
    ("Shares of SOXL.US rose 3% on Monday.", "en", []),
    ("He lifted 5 pounds and won 3 games.", "en", []),
    ("About 100,000 jobs will be created.", "en", []),
    # --- mixed scripts
    ("软银将投资$500 billion建设Stargate。", "zh", [(500 * B, "USD", None)]),
    ("Rapidus获得了 1500 亿日元 的政府补贴。", "zh", [(1500 * YI, "JPY", None)]),
    ("OpenAI估值达到 3000 亿美元，较 2024 年翻倍。", "zh", [(3000 * YI, "USD", None)]),
]
