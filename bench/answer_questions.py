"""Labelled questions over the shared corpus + starter pack: what must be cited, what must be 'not found'."""
from __future__ import annotations

# (question, instrument name that must appear in a cited title, article label)
IN_DOMAIN: list[tuple[str, str, str]] = [
    ("发明专利权的期限是多久？", "专利法", "第四十二条"),
    ("专利权人没有按照规定缴纳年费会怎样？", "专利法", "第四十四条"),
    ("以注册商标专用权出质的，质权何时设立？", "民法典", "第四百四十四条"),
    ("债权转让未通知债务人有什么后果？", "民法典", "第五百四十六条"),
    ("以应收账款出质的质权什么时候设立？", "民法典", "第四百四十五条"),
    ("专利实施许可合同应当在多长时间内备案？", "专利法实施细则", "第十五条"),
    ("申请著作权质权登记需要提交哪些文件？", "著作权质权登记办法", "第六条"),
    ("信托财产与委托人的其他财产是什么关系？", "信托法", "第十五条"),
    ("专利权共有人没有约定时如何行使权利？", "专利法", "第十四条"),
    ("资产评估应当选择几种评估方法？", "资产评估法", "第二十六条"),
    ("法院如何认定是否构成融资租赁法律关系？", "融资租赁", "第一条"),
    ("自然人作品的著作权保护期是多长？", "著作权法", "第二十三条"),
    ("What is the term of an invention patent?", "专利法", "第四十二条"),
    ("When does a pledge over a patent or trademark take effect?", "民法典", "第四百四十四条"),
    ("Is an assignment of a claim effective against the debtor without notice?", "民法典", "第五百四十六条"),
    ("How much of the securitisation must the originator retain?", "2017/2402", "Article 6"),
    ("What are the requirements relating to simplicity for STS securitisations?", "2017/2402", "Article 20"),
]

OFF_TOPIC: list[str] = [
    "如何办理离婚手续？",
    "醉酒驾驶机动车会被判几年？",
    "红烧肉怎么做才好吃？",
    "明天北京的天气怎么样？",
    "个人所得税的起征点是多少？",
    "How do I bake sourdough bread?",
    "What is the capital of France?",
    "Who won the 2018 FIFA World Cup?",
    "How do I reset my home router password?",
    "What is the penalty for speeding in California?",
]
