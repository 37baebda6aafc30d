#!/usr/bin/env python3
"""Writes postings.jsonl and labels.jsonl of the posting-checks set.

The ad texts below were written by hand, as job ads read (Chinese and English);
this script only wraps them in the data-format fields (ids, employer, place,
pay, validity) and writes the labels given next to each text. It does not use
the checker's rules. Run: python3 datasets/posting-checks/write_set.py
"""
import json, os

CITIES = [("220102", "吉林省长春市南关区", 43.86, 125.33), ("220202", "吉林省吉林市昌邑区", 43.88, 126.57),
          ("220302", "吉林省四平市铁西区", 43.17, 124.35), ("220502", "吉林省通化市东昌区", 41.72, 125.94),
          ("222401", "吉林省延边朝鲜族自治州延吉市", 42.89, 129.51), ("220702", "吉林省松原市宁江区", 45.14, 124.82)]

# (title, description, labels, options)
# options: occ, pay=(min,max,period) or None, emp=None for no employer, loc=False, exp=False, emp_id
S = []
def ad(title, desc, labels=(), **o):
    S.append((title, desc, list(labels), o))

W = "4-01-02-01"; PROD = "6-18-01-01"; DRV = "4-02-02-01"; COOK = "4-03-02-01"; CLEAN = "4-09-01-01"; IT = "2-02-10-03"; ACC = "2-06-01-01"; CARE = "4-10-01-01"; CONS = "6-29-01-01"; ESCO = "5223.1"

# ---------- clean, Chinese ----------
ad("数控车工", "负责数控车床的操作与日常保养，能看懂机械图纸，按工艺要求完成零件加工。两班倒，包工作餐。", occ=PROD, pay=(5000, 7500, "month"))
ad("仓库管理员", "负责原材料及成品的出入库登记、盘点和账务核对，熟练使用Excel。五险一金，双休。", occ="4-02-06-03", pay=(3800, 4800, "month"))
ad("收银员", "超市收银、商品扫码及顾客咨询，做六休一，提供工作餐。", occ=W, pay=(2800, 3300, "month"))
ad("电工", "负责厂区配电设备巡检与维修，需持有低压电工证，有两年以上工厂维修经验。", occ="6-31-01-03", pay=(5500, 7000, "month"))
ad("会计", "负责公司日常账务处理、纳税申报和财务报表编制，持初级会计证，熟悉金蝶软件。", occ=ACC, pay=(4500, 6000, "month"))
ad("养老护理员", "照护失能老人的日常起居，协助用药和康复训练，持养老护理员证书者优先，包住宿。", occ=CARE, pay=(3800, 5200, "month"))
ad("中餐厨师", "负责热菜制作和菜品研发，有三年以上酒店厨房经验，持健康证上岗。", occ=COOK, pay=(5000, 8000, "month"))
ad("快递分拣员", "负责快件的分拣、扫描和装车，夜班，月休四天，有夜班补贴。", occ="4-02-07-02", pay=(4200, 5500, "month"))
ad("行政专员", "负责办公用品采购、会议安排、考勤统计和来访接待，熟练使用办公软件，本科以上学历。", occ="3-01-02-01", pay=(3500, 4500, "month"))
ad("保洁员", "负责写字楼公共区域的日常清洁，工作时间早七点至下午三点，缴纳社保。", occ=CLEAN, pay=(2200, 2600, "month"))
ad("汽车维修工", "负责乘用车的故障诊断、保养和维修，能独立完成常见故障排查，有相关证书优先。", occ="4-12-01-01", pay=(5000, 8000, "month"))
ad("幼儿园教师", "负责小班日常教学和保育工作，持幼儿教师资格证，热爱儿童教育事业。", occ="2-08-04-00", pay=(3500, 4500, "month"))
ad("Java开发工程师", "负责后端服务的设计与开发，熟悉Spring Boot、MySQL、Redis，三年以上开发经验，本科及以上学历。", occ=IT, pay=(9000, 15000, "month"))
ad("电焊工", "负责钢结构件的焊接，持焊工证，能看懂焊接图纸，计件加底薪。", occ="6-18-02-04", pay=(6000, 9000, "month"))
ad("客服专员", "通过电话和在线系统解答客户咨询、处理投诉，普通话标准，打字每分钟50字以上。", occ="4-07-02-03", pay=(3200, 4200, "month"))
ad("叉车司机", "负责仓库货物的装卸和搬运，持有效叉车证，白班为主。", occ="6-30-05-04", pay=(4500, 5500, "month"))
ad("药店营业员", "负责药品销售、陈列和顾客用药咨询，有药学相关专业背景优先。", occ=W, pay=(3000, 4000, "month"))
ad("物业管理员", "负责小区物业服务、费用收缴和业主沟通，处理报修和投诉，缴纳五险。", occ="4-06-01-01", pay=(3000, 3800, "month"))
ad("面点师", "负责包子、馒头、花卷等面点制作，凌晨四点上班，提供住宿。", occ=COOK, pay=(4000, 5000, "month"))
ad("导购员", "负责门店商品介绍、陈列和销售，底薪加提成，做六休一。", occ=W, pay=(3000, 6000, "month"))
ad("装配工", "负责电机零部件装配和质量自检，长白班，工作稳定，年底有奖金。", occ=PROD, pay=(4200, 5200, "month"))
ad("机修工", "负责注塑车间设备的维修保养，熟悉液压和气动系统，能适应倒班。", occ="6-31-01-01", pay=(5500, 7500, "month"))
ad("人事专员", "负责招聘、入离职手续办理、社保公积金缴纳，熟悉劳动法相关规定。", occ="2-06-07-03", pay=(4000, 5500, "month"))
ad("外卖骑手", "负责区域内外卖配送，自备电动车，多劳多得，按单结算，时间自由。", occ="4-02-07-03", pay=(5000, 9000, "month"))
ad("保安员", "负责园区门岗值守、巡逻和车辆登记，持保安员证，做二休二，缴纳社保。", occ="4-07-05-01", pay=(2800, 3400, "month"))
ad("水电安装工", "负责住宅楼水电管线安装和调试，有三年以上施工经验，持电工证者优先。", occ=CONS, pay=(6000, 8000, "month"))
ad("平面设计师", "负责海报、包装和电商页面设计，熟练使用Photoshop和Illustrator，需提供作品集。", occ="4-08-08-08", pay=(4500, 7000, "month"))
ad("护士", "负责病区护理工作，持护士执业证书，能适应三班倒，有二甲以上医院工作经验优先。", occ="2-05-08-01", pay=(4500, 6500, "month"))
ad("保育员", "协助教师完成幼儿生活照料和卫生消毒工作，有爱心和耐心，持保育员证优先。", occ="4-10-01-03", pay=(2600, 3200, "month"))
ad("电商运营", "负责天猫店铺日常运营、活动策划和数据分析，有一年以上运营经验。", occ="4-01-06-01", pay=(5000, 8000, "month"))
ad("质检员", "负责来料和成品检验，填写检验记录，熟练使用卡尺、千分尺等量具。", occ="6-31-03-01", pay=(4000, 5000, "month"))
ad("厨房帮工", "负责洗菜、切配和厨房卫生，包吃住，月休四天。", occ=COOK, pay=(2800, 3300, "month"))
ad("货车司机", "持B2驾照，负责省内干线运输，熟悉吉林省内路线，三年以上驾龄，无重大事故记录。", occ=DRV, pay=(7000, 9000, "month"))
ad("理货员", "负责超市货架补货、理货和临期商品检查，有班车接送。", occ=W, pay=(2800, 3500, "month"))
ad("园林绿化工", "负责小区及道路绿化的修剪、浇水、施肥和病虫害防治，能吃苦耐劳。", occ="4-09-05-02", pay=(3000, 3800, "month"))
ad("英语教师", "负责初中英语教学，持教师资格证，英语专业八级优先，周末双休。", occ="2-08-03-00", pay=(5000, 7000, "month"))
ad("网络管理员", "负责公司网络设备、服务器和终端的日常维护，熟悉Windows Server和交换机配置。", occ=IT, pay=(5000, 7000, "month"))
ad("销售代表", "负责区域内经销商开发与维护，完成销售指标，需经常出差，有驾照者优先。", occ=W, pay=(4000, 10000, "month"))
ad("服务员", "负责餐厅点餐、传菜和翻台，做六休一，工资按时发放。", occ="4-03-02-05", pay=(2800, 3500, "month"))
ad("钳工", "负责设备零部件的划线、钻孔、攻丝和装配，能看懂装配图，中级工以上证书优先。", occ=PROD, pay=(5000, 6500, "month"))
ad("出纳", "负责现金收付、银行对账和票据管理，财会专业，细心负责。", occ=ACC, pay=(3500, 4500, "month"))
ad("社区网格员", "负责网格内人口信息采集、政策宣传和矛盾排查，熟悉社区情况，会使用电脑。", occ="3-01-02-01", pay=(2600, 3200, "month"))
ad("公益性岗位保洁", "社区公益性岗位，负责社区公共区域卫生保洁，按规定缴纳社会保险，就业困难人员优先安置。", occ=CLEAN, pay=(1900, 2100, "month"))
ad("康复治疗师", "负责患者的运动疗法、作业疗法训练，康复治疗学专业，持康复治疗士资格证。", occ="2-05-07-01", pay=(4500, 6000, "month"))
ad("农机操作员", "负责收割机、播种机等农机的驾驶与维护，持农机驾驶证，农忙期间加班有补贴。", occ="5-05-01-01", pay=(4000, 6000, "month"))
ad("酒店前台", "负责客人入住、退房登记和咨询接待，能适应倒班，会基础英语者优先。", occ="4-03-01-01", pay=(3000, 3800, "month"))
ad("砌筑工", "负责墙体砌筑和抹灰作业，按天结算工资，工地提供住宿。", occ=CONS, pay=(260, 320, "day"))
ad("钢筋工", "负责钢筋下料、绑扎和安装，有施工经验，工期约三个月，提供住宿。", occ=CONS, pay=(300, 380, "day"))
ad("小时工", "商场周末促销活动现场协助，负责引导和发放宣传资料，按小时结算。", occ=W, pay=(20, 25, "hour"))
ad("家政服务员", "负责家庭保洁、做饭和照顾老人，住家，持健康证，有经验者优先。", occ="4-10-01-02", pay=(4000, 5500, "month"))
ad("培训讲师", "负责企业内训课程的开发和讲授，有三年以上培训经验，表达能力强。", occ="2-06-07-05", pay=(6000, 9000, "month"))
ad("数据标注员", "负责图片和文本数据的标注与质检，会基本电脑操作，公司提供岗前培训。", occ=IT, pay=(3200, 4200, "month"))
ad("冷库搬运工", "负责冷库内冻品的搬运和码垛，提供防寒工装，计件工资。", occ="4-02-06-04", pay=(5000, 7000, "month"))
ad("电梯维保员", "负责电梯的定期保养和故障维修，持特种设备作业人员证，有两年以上维保经验。", occ="6-31-01-05", pay=(5000, 7000, "month"))
ad("茶艺师", "负责茶馆茶艺表演和茶品销售，持茶艺师证书，形象端庄。", occ="4-03-02-07", pay=(3500, 5000, "month"))
ad("外贸业务员", "负责海外客户开发和订单跟进，英语读写流利，熟悉外贸流程。", occ=W, pay=(4500, 9000, "month"))
ad("统计员", "负责生产数据的收集、汇总和报表编制，熟练使用Excel函数和透视表。", occ="3-01-02-01", pay=(3500, 4500, "month"))
ad("水产养殖工", "负责鱼塘的投喂、水质检测和日常管理，提供食宿，能长期在岗。", occ="5-04-01-01", pay=(3500, 4500, "month"))
ad("送水工", "负责桶装水的配送和空桶回收，会骑三轮车，按件计酬。", occ="4-02-07-03", pay=(3500, 5500, "month"))
ad("校车司机", "持A3驾照，五年以上安全驾龄，负责学生上下学接送，寒暑假照发基本工资。", occ=DRV, pay=(4500, 5500, "month"))

# ---------- clean, English ----------
ad("Warehouse Associate", "Pick, pack and ship customer orders; keep the stock records up to date. Day shift, Monday to Friday.", occ=ESCO, pay=(4000, 5000, "month"))
ad("Customer Service Representative", "Answer customer calls and emails, log complaints and follow them up. Fluent English and Chinese required.", occ="4222.1", pay=(4500, 6000, "month"))
ad("Software Engineer (Backend)", "Design and build REST services in Go or Java; three years of experience; we offer flexible hours and a training budget.", occ="2512.4", pay=(12000, 20000, "month"))
ad("Barista", "Prepare coffee and tea drinks, keep the counter clean, handle the till. Weekend shifts available.", occ="5132.1", pay=(3000, 3800, "month"))
ad("English Teacher", "Teach spoken English to primary school pupils, 20 lessons a week. TEFL certificate preferred.", occ="2353.1", pay=(8000, 12000, "month"))
ad("Electrician", "Install and maintain wiring and control panels in our plant. A valid electrician licence is required.", occ="7411.1", pay=(5500, 7000, "month"))
ad("Accountant", "Prepare monthly accounts and tax filings; CPA candidates welcome. Five-day week.", occ="2411.1", pay=(6000, 9000, "month"))
ad("Delivery Driver", "Deliver parcels within the city using a company van. Clean C1 licence and two years of driving needed.", occ="8322.1", pay=(5000, 7000, "month"))
ad("Nurse", "Provide care on the surgical ward, three-shift rota. A valid nursing licence is required.", occ="2221.1", pay=(5000, 7000, "month"))
ad("Sales Assistant", "Help customers in our sportswear store, restock shelves and run the till. Base pay plus commission.", occ=ESCO, pay=(3000, 5000, "month"))
ad("Graphic Designer", "Create posters, packaging and web banners; portfolio required; Adobe Creative Suite skills.", occ="2166.1", pay=(5000, 8000, "month"))
ad("Machine Operator", "Operate CNC lathes, read drawings, run quality checks on parts. Two-shift rota, meals provided.", occ="7223.1", pay=(5000, 7000, "month"))
ad("Receptionist", "Greet visitors, manage the meeting rooms and answer the phone. Basic English is a plus.", occ="4226.1", pay=(3200, 4000, "month"))
ad("Care Worker", "Support elderly residents with daily living, medication reminders and activities. Training provided free of charge.", occ="5322.1", pay=(4000, 5200, "month"))
ad("Data Analyst", "Build dashboards and reports from sales data using SQL and Python. Degree in statistics or similar.", occ="2511.1", pay=(9000, 14000, "month"))
ad("Chef de Partie", "Run the grill section of a busy hotel kitchen; food hygiene certificate required.", occ="3434.1", pay=(6000, 8500, "month"))
ad("Security Guard", "Patrol the site, check visitor passes, write incident reports. Rotating shifts, social insurance paid.", occ="5414.1", pay=(3000, 3600, "month"))
ad("Forklift Driver", "Load and unload lorries in our distribution centre. Forklift certificate required.", occ="8344.1", pay=(4500, 5500, "month"))
ad("HR Assistant", "Handle onboarding paperwork, payroll data and social insurance records. Good with spreadsheets.", occ="4416.1", pay=(4000, 5000, "month"))
ad("Cleaner", "Clean offices and common areas, early morning shift 6-10am, paid hourly.", occ="9112.1", pay=(20, 24, "hour"))
ad("Kitchen Porter", "Wash up, prepare vegetables and keep the kitchen clean. Meals included.", occ="9412.1", pay=(2800, 3300, "month"))
ad("Mechanical Engineer", "Design fixtures and tooling in SolidWorks, support production trials. Bachelor's degree in mechanical engineering.", occ="2144.1", pay=(8000, 12000, "month"))
ad("Translator", "Translate technical documents between Korean, Chinese and English. Fluent Korean required.", occ="2643.1", pay=(6000, 9000, "month"))
ad("Event Staff (weekend)", "Help set up stands, guide visitors and hand out leaflets at a trade fair. Paid by the day.", occ=ESCO, pay=(180, 220, "day"))
ad("Bus Driver", "Drive scheduled city routes; A1 licence and five years of safe driving required.", occ="8331.1", pay=(5500, 7000, "month"))

# ---------- gender ----------
ad("司机", "负责公司领导用车的驾驶和车辆保养，限男性，驾龄五年以上。", ["gender"], occ=DRV, pay=(4500, 6000, "month"))
ad("前台文员", "负责接待来访客户、接听电话和收发快递，女性优先，形象气质佳。", ["gender"], occ="4-07-02-01", pay=(3000, 3800, "month"))
ad("销售经理", "负责大客户开发和团队管理，能接受出差，男士优先。", ["gender"], occ=W, pay=(8000, 15000, "month"))
ad("会计助理", "协助主管会计做账、整理凭证，仅限女性，细心有耐心。", ["gender"], occ=ACC, pay=(3200, 4000, "month"))
ad("仓库搬运", "负责仓库货物上下架，女士勿扰，能吃苦。", ["gender"], occ="4-02-06-04", pay=(4000, 5000, "month"))
ad("网络主播", "负责直播带货，限女，形象好，普通话标准。", ["gender"], occ=W, pay=(4000, 8000, "month"))
ad("保安", "负责小区门岗和夜间巡逻，只招男性，身高170以上。", ["gender"], occ="4-07-05-01", pay=(2800, 3300, "month"))
ad("行政助理", "负责办公室日常事务、文件整理，性别：女，大专以上学历。", ["gender"], occ="3-01-02-01", pay=(3200, 4000, "month"))
ad("酒店服务员", "负责客房清洁和布草更换，要求女性，做六休一。", ["gender"], occ="4-03-01-02", pay=(2800, 3300, "month"))
ad("机修学徒", "跟随师傅学习设备维修，男生优先，包吃住。", ["gender"], occ="6-31-01-01", pay=(3000, 3500, "month"))
ad("收银员", "负责超市收银，谢绝男士，有经验者优先。", ["gender"], occ=W, pay=(2800, 3200, "month"))
ad("物流专员", "负责货物调度和运输跟踪，男性为主，需要值夜班。", ["gender"], occ="4-02-06-03", pay=(4000, 5000, "month"))
ad("软件测试", "负责软件功能测试和缺陷跟踪，仅限男，有自动化测试经验优先。", ["gender"], occ=IT, pay=(6000, 9000, "month"))
ad("文秘", "负责会议记录和材料撰写，性别要求：女，文笔好。", ["gender"], occ="3-01-02-01", pay=(3500, 4500, "month"))
ad("车间操作工", "流水线操作，不招女工，两班倒，包住。", ["gender"], occ=PROD, pay=(4500, 5500, "month"))
ad("美容顾问", "负责门店客户接待和项目推荐，男士勿扰，底薪加提成。", ["gender"], occ="4-10-03-01", pay=(3000, 7000, "month"))
ad("工程监理", "负责施工现场质量和安全监督，适合男性，需常驻工地。", ["gender"], occ="2-02-18-03", pay=(6000, 8000, "month"))
ad("幼教助理", "协助主班老师开展教学活动，女生优先，有爱心。", ["gender"], occ="4-10-01-03", pay=(2800, 3300, "month"))
ad("Driver", "Drive company executives around the city and maintain the car. Male only; clean licence for five years.", ["gender"], occ="8322.1", pay=(5000, 6500, "month"))
ad("Receptionist", "Front desk of a law firm. Female preferred, good appearance, fluent English.", ["gender"], occ="4226.1", pay=(4000, 5000, "month"))
ad("Site Supervisor", "Supervise subcontractors on a residential project. Men only - long hours on site.", ["gender"], occ="3123.1", pay=(7000, 9000, "month"))
ad("Shop Assistant", "Sell cosmetics in a department store counter. Girls only, aged 18-25.", ["gender", "age"], occ=ESCO, pay=(3000, 4500, "month"))
ad("Sales Engineer", "Visit industrial customers and present our pumps. Must be male; willing to travel 50%.", ["gender"], occ="2433.1", pay=(8000, 12000, "month"))
ad("Office Assistant", "Filing, scheduling and travel booking for a small team. Female candidates preferred.", ["gender"], occ="4110.1", pay=(3500, 4200, "month"))
ad("Warehouse Loader", "Load and unload trucks. No women please, heavy work.", ["gender"], occ="9333.8", pay=(4000, 5000, "month"))

# ---------- marital / childbearing ----------
ad("财务主管", "负责公司财务核算与税务筹划，中级会计职称，已婚已育。", ["marital"], occ=ACC, pay=(7000, 10000, "month"))
ad("人事经理", "负责公司人力资源体系搭建，已婚优先，有十年以上人事经验。", ["marital"], occ="2-06-07-03", pay=(8000, 12000, "month"))
ad("销售内勤", "负责订单录入和客户回访，要求未婚，能适应加班。", ["marital"], occ=W, pay=(3500, 4500, "month"))
ad("行政前台", "负责前台接待与办公室后勤，两年内无生育计划。", ["marital"], occ="4-07-02-01", pay=(3000, 3800, "month"))
ad("出纳", "负责公司现金和银行账户管理，已育者优先考虑，工作稳定。", ["marital"], occ=ACC, pay=(3500, 4500, "month"))
ad("客服主管", "负责客服团队管理和服务质量提升，婚育情况需在简历中注明，已婚已育者优先。", ["marital"], occ="4-07-02-03", pay=(5000, 6500, "month"))
ad("空乘培训生", "负责客舱服务，要求单身，五官端正。", ["marital"], occ="4-02-04-01", pay=(6000, 9000, "month"))
ad("护士", "负责门诊护理工作，孕妇勿扰，持护士执业证。", ["marital"], occ="2-05-08-01", pay=(4000, 5500, "month"))
ad("店长", "负责门店运营和团队管理，已婚未育者勿扰。", ["marital"], occ=W, pay=(6000, 8000, "month"))
ad("Personal Assistant", "Support the CEO with scheduling and travel. Must be married with children; discreet and reliable.", ["marital"], occ="3343.1", pay=(6000, 8000, "month"))
ad("Flight Attendant Trainee", "Cabin service on domestic routes. Unmarried applicants only.", ["marital"], occ="5111.1", pay=(6000, 9000, "month"))
ad("Administrative Officer", "Run office administration. Applicants should have no plans to have children in the next two years.", ["marital"], occ="3341.1", pay=(4500, 6000, "month"))
ad("Live-in Housekeeper", "Cook and clean for a family of four. Single only, must live in.", ["marital"], occ="5152.1", pay=(5000, 6000, "month"))
ad("Marketing Specialist", "Plan campaigns and manage social media. Please state your marital status in your application.", ["marital"], occ="2431.1", pay=(6000, 9000, "month"))
ad("Sales Representative", "Sell our software to schools. Candidates who are pregnant will not be considered.", ["marital"], occ="3322.1", pay=(5000, 9000, "month"))

# ---------- ethnicity ----------
ad("保安", "负责商场安保，限汉族，退伍军人优先。", ["ethnicity"], occ="4-07-05-01", pay=(3000, 3500, "month"))
ad("厨师", "负责食堂大锅菜制作，汉族，有食堂工作经验。", ["ethnicity"], occ=COOK, pay=(4000, 5000, "month"))
ad("销售顾问", "负责汽车销售，汉族优先，有驾照。", ["ethnicity"], occ=W, pay=(3000, 8000, "month"))
ad("服务员", "负责包间服务，少数民族勿扰，包吃住。", ["ethnicity"], occ="4-03-02-05", pay=(2800, 3300, "month"))
ad("普工", "电子厂流水线作业，不招少数民族，长白班。", ["ethnicity"], occ=PROD, pay=(4000, 5000, "month"))
ad("前台", "酒店前台接待，民族：汉族，大专以上学历。", ["ethnicity"], occ="4-03-01-01", pay=(3000, 3600, "month"))
ad("Security Officer", "Guard a commercial building. Han Chinese only.", ["ethnicity"], occ="5414.1", pay=(3000, 3600, "month"))
ad("Store Clerk", "Work the counter of a convenience store. Ethnic Han applicants preferred.", ["ethnicity"], occ=ESCO, pay=(2800, 3300, "month"))
ad("Factory Worker", "Assembly line, two shifts. No ethnic minorities.", ["ethnicity"], occ="8212.1", pay=(4000, 5000, "month"))
ad("装卸工", "负责物流园货物装卸，维族勿扰，日结。", ["ethnicity"], occ="4-02-06-04", pay=(180, 220, "day"))

# ---------- hukou / origin ----------
ad("社区工作者", "负责社区服务和居民事务，限本地户口，大专以上学历。", ["hukou"], occ="3-01-02-01", pay=(3000, 3800, "month"))
ad("银行柜员", "负责柜面业务办理，要求本市户籍，金融类专业。", ["hukou"], occ="4-05-01-01", pay=(4500, 6000, "month"))
ad("快递员", "负责片区快件收派，本地人优先，熟悉长春道路。", ["hukou"], occ="4-02-07-02", pay=(5000, 8000, "month"))
ad("保洁员", "负责小区保洁，外地人勿扰，做六休一。", ["hukou"], occ=CLEAN, pay=(2200, 2600, "month"))
ad("门卫", "负责单位门卫值班，仅限本地，年龄不限。", ["hukou"], occ="4-07-05-01", pay=(2200, 2600, "month"))
ad("收费员", "负责停车场收费，吉林户口，有责任心。", ["hukou"], occ=W, pay=(2500, 3000, "month"))
ad("业务员", "负责产品推广，河南人勿扰，底薪加提成。", ["hukou"], occ=W, pay=(3000, 8000, "month"))
ad("话务员", "负责电话回访，户籍要求：吉林省内，普通话标准。", ["hukou"], occ="4-07-02-03", pay=(3000, 4000, "month"))
ad("司机", "负责公司货车驾驶，不招外地人，需熟悉本地路况。", ["hukou"], occ=DRV, pay=(5000, 6500, "month"))
ad("文员", "负责资料录入和归档，本地户籍优先。", ["hukou"], occ="4-07-02-01", pay=(2800, 3500, "month"))
ad("Bank Teller", "Serve customers at the counter. Local hukou required.", ["hukou"], occ="4211.1", pay=(4500, 6000, "month"))
ad("Community Worker", "Help residents with government services. Locals only.", ["hukou"], occ="3412.1", pay=(3000, 3800, "month"))
ad("Courier", "Deliver parcels in Changchun. Local residents only, must know the city well.", ["hukou"], occ="9621.1", pay=(5000, 8000, "month"))
ad("Office Clerk", "Data entry and filing. Applicants must hold a local household registration.", ["hukou"], occ="4110.1", pay=(3000, 3600, "month"))
ad("Doorman", "Night shifts at a residential compound. No migrant workers.", ["hukou"], occ="9629.1", pay=(2500, 3000, "month"))

# ---------- health ----------
ad("厨师", "负责后厨热菜制作，乙肝携带者勿扰，持健康证。", ["health"], occ=COOK, pay=(4500, 6500, "month"))
ad("普工", "电子厂操作工，入职体检查乙肝五项，大三阳不予录用。", ["health"], occ=PROD, pay=(4000, 5000, "month"))
ad("食品包装工", "负责食品分装和封口，无乙肝，身体健康。", ["health"], occ="6-01-02-01", pay=(3500, 4200, "month"))
ad("保育员", "负责幼儿生活照料，需提供乙肝两对半检查报告，阴性者录用。", ["health"], occ="4-10-01-03", pay=(2600, 3200, "month"))
ad("服务员", "负责酒店餐饮服务，小三阳勿扰，做六休一。", ["health"], occ="4-03-02-05", pay=(2800, 3300, "month"))
ad("美容师", "负责面部护理和身体护理，HIV检测阴性，有证书优先。", ["health"], occ="4-10-03-01", pay=(3500, 6000, "month"))
ad("Food Handler", "Prepare sandwiches in a central kitchen. No hepatitis B carriers.", ["health"], occ="7512.1", pay=(3500, 4200, "month"))
ad("Kindergarten Assistant", "Care for children aged 3-6. Applicants must test HBV negative.", ["health"], occ="5311.1", pay=(3000, 3600, "month"))
ad("Spa Therapist", "Provide massage treatments. HIV negative certificate required.", ["health"], occ="5142.1", pay=(4000, 7000, "month"))
ad("Hotel Housekeeper", "Clean guest rooms. Hepatitis B test required at interview; carriers not accepted.", ["health"], occ="9112.1", pay=(2800, 3300, "month"))
ad("面点师", "负责早点制作，乙型肝炎病原携带者不予录用。", ["health"], occ=COOK, pay=(4000, 5000, "month"))

# ---------- age (policy warning) ----------
ad("销售专员", "负责电话销售和客户维护，年龄35岁以下，底薪加提成。", ["age"], occ=W, pay=(3000, 8000, "month"))
ad("操作工", "汽车零部件装配，18-35周岁，两班倒。", ["age"], occ=PROD, pay=(4500, 5500, "month"))
ad("客服", "负责在线客服，年龄不超过30岁，大专以上学历。", ["age"], occ="4-07-02-03", pay=(3200, 4000, "month"))
ad("保安", "负责园区巡逻，年龄45周岁以下，身体健康。", ["age"], occ="4-07-05-01", pay=(2800, 3300, "month"))
ad("程序员", "负责移动端开发，年龄：22-32岁，本科以上学历。", ["age"], occ=IT, pay=(8000, 14000, "month"))
ad("服务员", "负责茶楼服务，年龄20至28岁，形象好。", ["age"], occ="4-03-02-05", pay=(3000, 3600, "month"))
ad("仓管", "负责仓储管理，40岁以上勿扰。", ["age"], occ="4-02-06-03", pay=(3500, 4500, "month"))
ad("教师", "负责小学数学教学，年龄在35周岁以内，持教师资格证。", ["age"], occ="2-08-03-00", pay=(4000, 5500, "month"))
ad("导购", "商场服装导购，年龄18~30岁，底薪加提成。", ["age"], occ=W, pay=(3000, 6000, "month"))
ad("司机", "负责货物配送，年龄不超过45周岁，B2驾照。", ["age"], occ=DRV, pay=(5500, 7000, "month"))
ad("行政文员", "负责公司行政事务，年龄25岁以下，应届毕业生优先。", ["age"], occ="3-01-02-01", pay=(3000, 3800, "month"))
ad("Sales Executive", "Sell advertising space. Candidates should be under 35.", ["age"], occ="3322.1", pay=(5000, 10000, "month"))
ad("Graduate Trainee", "Rotation programme across departments. Aged 22-28, bachelor's degree.", ["age"], occ="2421.1", pay=(5000, 6000, "month"))
ad("Waiter", "Serve guests in a rooftop restaurant. Age 18 to 30, good English.", ["age"], occ="5131.1", pay=(3500, 4500, "month"))
ad("Programmer", "Develop mobile apps in Kotlin. Applicants 35 or younger.", ["age"], occ="2514.1", pay=(9000, 15000, "month"))
ad("Security Guard", "Night patrols at a warehouse. Not older than 45 years.", ["age"], occ="5414.1", pay=(3000, 3600, "month"))
ad("Fitness Instructor", "Run group classes and personal training. Maximum age 35.", ["age"], occ="3423.1", pay=(4000, 8000, "month"))
ad("装配工", "负责家电装配，年龄18-40岁，男女不限，长白班。", ["age"], occ=PROD, pay=(4200, 5200, "month"))
ad("理货员", "负责超市理货，年龄50岁以下，做六休一。", ["age"], occ=W, pay=(2800, 3300, "month"))

# ---------- fees / deposits ----------
ad("普工", "电子厂流水线，入职需交押金300元，满三个月退还。", ["fee"], occ=PROD, pay=(4500, 5500, "month"))
ad("保安", "负责小区安保，服装费200元自理，入职当天缴纳。", ["fee"], occ="4-07-05-01", pay=(2800, 3300, "month"))
ad("模特", "负责服装拍摄，需先交拍摄费和建档费共800元。", ["fee"], occ="4-13-01-01", pay=(5000, 10000, "month"))
ad("司机", "负责网约车驾驶，需缴纳车辆保证金5000元。", ["fee"], occ=DRV, pay=(6000, 9000, "month"))
ad("操作工", "电子厂正式工，入职体检费150元由个人承担。", ["fee"], occ=PROD, pay=(4500, 5500, "month"))
ad("文员", "负责资料整理，报名费50元，面试通过后安排上岗。", ["fee"], occ="4-07-02-01", pay=(3000, 3500, "month"))
ad("保洁员", "负责商场保洁，介绍费100元，当天上岗。", ["fee"], occ=CLEAN, pay=(2400, 2800, "month"))
ad("电话销售", "岗前培训七天，培训费600元，考核合格后上岗。", ["fee"], occ=W, pay=(3000, 8000, "month"))
ad("快递员", "负责快件派送，需交工装费和押金共500元。", ["fee"], occ="4-02-07-02", pay=(5000, 8000, "month"))
ad("酒店服务员", "负责客房服务，入职交资料费80元，包吃住。", ["fee"], occ="4-03-01-02", pay=(2800, 3300, "month"))
ad("外卖骑手", "负责外卖配送，公司提供电动车，需交车辆押金1000元。", ["fee"], occ="4-02-07-03", pay=(5000, 9000, "month"))
ad("网络兼职", "在家刷单，入职需缴纳上岗费198元。", ["fee", "unrealistic_promise"], occ=W, pay=(3000, 6000, "month"), extra="日赚千元，轻松赚钱。")
ad("Factory Worker", "Assembly line work. A refundable deposit of 500 yuan is required on the first day.", ["fee"], occ="8212.1", pay=(4500, 5500, "month"))
ad("Model", "Photo shoots for online shops. Registration fee of 300 yuan for your portfolio.", ["fee"], occ="5241.1", pay=(5000, 10000, "month"))
ad("Security Guard", "Patrol a shopping mall. Uniform fee 200 yuan deducted from the first salary.", ["fee"], occ="5414.1", pay=(3000, 3600, "month"))
ad("Ride-hailing Driver", "Drive our cars; a security deposit of 3000 yuan is required.", ["fee"], occ="8322.1", pay=(6000, 9000, "month"))
ad("Data Entry Clerk", "Work from home typing documents. Pay a training fee of 199 yuan to start.", ["fee"], occ="4132.1", pay=(3000, 5000, "month"))
ad("Cleaner", "Clean offices. Agency fee of 150 yuan payable on signing.", ["fee"], occ="9112.1", pay=(2400, 2800, "month"))
ad("Care Assistant", "Support elderly residents. You must pay for your uniform and a medical check fee before starting.", ["fee"], occ="5322.1", pay=(3800, 4500, "month"))
ad("仓库管理", "负责仓库管理，押身份证原件，工作满一年归还。", ["fee"], occ="4-02-06-03", pay=(3500, 4500, "month"))

# ---------- training loans ----------
ad("UI设计师", "零基础可学，先培训后上岗，学费可办理培训贷，学成推荐就业。", ["training_loan"], occ="4-08-08-08", pay=(6000, 12000, "month"))
ad("Java开发（招转培）", "招转培项目，签订培训协议，培训费用可分期，毕业推荐高薪工作。", ["training_loan", "unrealistic_promise", "fee"], occ=IT, pay=(8000, 15000, "month"))
ad("新媒体运营", "面试通过后需参加四个月培训，学费19800元，可申请贷款培训。", ["training_loan"], occ="4-01-06-01", pay=(5000, 8000, "month"))
ad("软件测试工程师", "无经验可，入职前需参加公司培训，学费分期支付，培训合格后推荐上岗。", ["training_loan"], occ=IT, pay=(6000, 10000, "month"))
ad("美容师学徒", "带薪学习，先交学费6800元，学成包分配。", ["training_loan", "unrealistic_promise"], occ="4-10-03-01", pay=(3000, 8000, "month"))
ad("数据分析助理", "招聘转培训，须参加付费课程，可通过培训贷款支付。", ["training_loan"], occ=IT, pay=(6000, 9000, "month"))
ad("Junior Developer", "No experience needed. Join our bootcamp first; a training loan covers the tuition fee and you repay after placement.", ["training_loan"], occ="2512.4", pay=(8000, 12000, "month"))
ad("Trainee Designer", "You will attend a 4-month course before starting; tuition fee 20,000 yuan, payable in instalments.", ["training_loan"], occ="2166.1", pay=(6000, 9000, "month"))
ad("Digital Marketing Trainee", "Finance your training with our partner's student loan; job offered after the course.", ["training_loan"], occ="2431.1", pay=(5000, 8000, "month"))
ad("Test Engineer", "Hired candidates must take our paid training, with a tuition loan available.", ["training_loan"], occ="2519.1", pay=(7000, 10000, "month"))
ad("直播运营", "面试后签订就业协议，参加培训需缴纳学费，支持培训分期。", ["training_loan"], occ=W, pay=(5000, 8000, "month"))
ad("跨境电商专员", "先培训后上岗，培训合格后推荐到合作企业，培训费12800元。", ["training_loan", "fee"], occ=W, pay=(5000, 9000, "month"))

# ---------- unrealistic promises ----------
ad("打字员", "在家兼职打字，日结过万，手机即可操作。", ["unrealistic_promise"], occ="4-07-02-01", pay=(3000, 6000, "month"))
ad("高薪诚聘仓管员", "负责出入库管理和盘点，有仓库管理经验优先。", ["unrealistic_promise"], occ="4-02-06-03", pay=(4000, 5000, "month"))
ad("公务员考试辅导", "报名即保录，不过退款，名额有限。", ["unrealistic_promise"], occ="2-08-07-00", pay=(4000, 6000, "month"))
ad("兼职客服", "动动手指就能赚钱，轻松月入过万。", ["unrealistic_promise"], occ="4-07-02-03", pay=(5000, 10000, "month"))
ad("外卖骑手 月入过万", "负责外卖配送，多劳多得，公司配车。", ["unrealistic_promise"], occ="4-02-07-03", pay=(5000, 9000, "month"))
ad("网店客服", "躺赚项目，无需经验，在家月入两万。", ["unrealistic_promise"], occ="4-07-02-03", pay=(4000, 8000, "month"))
ad("高收入销售", "负责保险产品推广，高收入，上不封顶。", ["unrealistic_promise"], occ=W, pay=(3000, 15000, "month"))
ad("学徒工", "包就业，百分百录用，学成即可上岗。", ["unrealistic_promise"], occ=PROD, pay=(3000, 6000, "month"))
ad("推广专员", "日入过千不是梦，零基础可做。", ["unrealistic_promise"], occ=W, pay=(4000, 8000, "month"))
ad("主播", "新人扶持，年入百万不是梦。", ["unrealistic_promise"], occ=W, pay=(5000, 20000, "month"))
ad("Online Assistant", "Easy money from home! Earn thousands every week, no experience needed.", ["unrealistic_promise"], occ="4132.1", pay=(5000, 10000, "month"))
ad("Sales Agent", "Guaranteed job after a 2-day course. High salary for everyone.", ["unrealistic_promise"], occ="3322.1", pay=(5000, 10000, "month"))
ad("Remote Reviewer", "Make money fast reviewing products; 100% hired.", ["unrealistic_promise"], occ="4132.1", pay=(4000, 8000, "month"))
ad("Crypto Trader", "Get rich with our system. Earn 10,000 a day.", ["unrealistic_promise"], occ="3311.1", pay=(10000, 30000, "month"))
ad("Delivery Rider - High Pay", "Deliver food orders on an e-bike. Flexible hours.", ["unrealistic_promise"], occ="9621.1", pay=(5000, 9000, "month"))
ad("月嫂", "高薪诚聘，持母婴护理证，住家。", ["unrealistic_promise"], occ="4-10-01-02", pay=(8000, 12000, "month"))
ad("包装工", "包录取，日结千元，当天上岗。", ["unrealistic_promise"], occ="6-01-02-01", pay=(200, 300, "day"))

# ---------- pay outliers (against the Jilin sample's ranges) ----------
ad("保洁员", "负责写字楼公共区域保洁，早班。", ["pay_outlier"], occ=CLEAN, pay=(45000, 60000, "month"))
ad("服务员", "负责餐厅服务，做六休一。", ["pay_outlier"], occ="4-03-02-05", pay=(3000, 3000, "day"))
ad("普工", "电子厂流水线作业，两班倒，包住。", ["pay_outlier"], occ=PROD, pay=(40000, 50000, "month"))
ad("收银员", "超市收银，做六休一。", ["pay_outlier"], occ=W, pay=(300, 500, "month"))
ad("保安员", "门岗值守，做二休二。", ["pay_outlier"], occ="4-07-05-01", pay=(500, 800, "month"))
ad("快递分拣员", "快件分拣，夜班。", ["pay_outlier"], occ="4-02-07-02", pay=(500, 600, "hour"))
ad("仓库管理员", "负责出入库管理和盘点。", ["pay_outlier"], occ="4-02-06-03", pay=(80000, 100000, "month"))
ad("厨房帮工", "洗菜切配，包吃住。", ["pay_outlier"], occ=COOK, pay=(3500, 4000, "day"))
ad("装配工", "负责零部件装配，长白班。", ["pay_outlier"], occ=PROD, pay=(1, 2, "hour"))
ad("Cleaner", "Clean offices in the morning.", ["pay_outlier"], occ="4-09-01-01", pay=(50000, 70000, "month"))
ad("Waiter", "Serve guests in a restaurant, six days a week.", ["pay_outlier"], occ="4-03-02-05", pay=(2500, 3500, "day"))
ad("Packer", "Pack orders in a warehouse.", ["pay_outlier"], occ=PROD, pay=(100, 200, "month"))

# ---------- missing employer / missing elements ----------
for t, d in [("普工", "电子厂流水线作业，长白班，包吃住。"), ("司机", "负责货物配送，持C1驾照。"), ("服务员", "负责餐厅点餐和传菜。"),
             ("文员", "负责文件整理和数据录入。"), ("保洁", "负责小区公共区域清洁。"), ("搬运工", "负责仓库货物装卸。"),
             ("Warehouse Worker", "Pick and pack orders, day shift."), ("Cook", "Prepare meals in a staff canteen."),
             ("Cashier", "Run the till in a supermarket."), ("Driver", "Deliver furniture to customers' homes."),
             ("销售员", "负责门店销售，底薪加提成。"), ("厨师", "负责食堂大锅菜，早七晚五。")]:
    ad(t, d, ["missing_employer"], emp=None, occ=W, pay=(3500, 5000, "month"))
ad("急招", "", ["missing_elements"], occ=W, pay=None)
ad("普工", "高工资，速来。", ["missing_elements"], occ=PROD, pay=None, loc=False)
ad("招聘", "有意者电话联系。", ["missing_elements"], occ=W, pay=None, exp=False)
ad("业务员", "负责市场开拓和客户维护，能吃苦耐劳，有团队精神。", ["missing_elements"], occ=W, pay=None)
ad("仓管", "负责出入库登记和月度盘点。", ["missing_elements"], occ="4-02-06-03", exp=False)
ad("操作工", "负责机台操作和产品自检，两班倒。", ["missing_elements"], occ=PROD, loc=False)
ad("保安", "", ["missing_elements"], occ="4-07-05-01")
ad("Helper", "", ["missing_elements"], occ=ESCO, pay=None)
ad("Sales Staff", "Sell our products to shops in the region.", ["missing_elements"], occ="3322.1", pay=None)
ad("Technician", "Maintain packaging machines on two shifts.", ["missing_elements"], occ="7233.1", exp=False)
ad("Clerk", "Filing and data entry.", ["missing_elements"], occ="4110.1", loc=False, pay=None)
ad("司机", "", ["missing_elements", "missing_employer"], occ=DRV, emp=None, pay=None)
ad("快递员", "负责区域快件收派，有电动车者优先。", ["missing_elements"], occ="4-02-07-02", loc=False, exp=False)
ad("Cook", "Cook for a small team.", ["missing_elements"], occ="5120.1", pay=None, exp=False)

# ---------- duplicates (same ad from several channels) ----------
DUPS = [
    ("数控铣工", "负责数控铣床编程与操作，能独立完成产品加工和首件检验，两年以上工作经验，两班倒，包工作餐，缴纳五险。", PROD, (5500, 8000, "month")),
    ("仓储主管", "负责仓库团队管理、库存准确率和出入库效率，熟悉WMS系统，五年以上仓储管理经验，双休，五险一金。", "4-02-06-03", (6000, 8000, "month")),
    ("烧烤师傅", "负责烧烤店烤串制作和腌料调配，有两年以上烧烤经验，晚班，包吃住，月休四天，工资按月发放。", COOK, (5000, 7000, "month")),
    ("养老护理员", "负责照护院内失能老人的饮食起居、翻身擦浴和康复陪护，持证者优先，提供免费岗前培训和住宿。", CARE, (4000, 5500, "month")),
    ("Warehouse Team Leader", "Lead a team of twelve pickers, plan daily workloads, report stock accuracy and train new starters. Day shift, five days a week.", ESCO, (6000, 7500, "month")),
    ("Pastry Chef", "Prepare cakes, breads and desserts for our hotel restaurant; at least three years of pastry experience; food hygiene certificate required.", "3434.1", (6000, 8000, "month")),
    ("电气工程师", "负责生产线电气控制系统的设计、调试和维护，熟悉西门子PLC编程，电气自动化专业本科，三年以上经验。", "2-02-14-01", (8000, 12000, "month")),
    ("门店店长", "负责连锁便利店的日常运营、排班、库存和业绩管理，有零售管理经验两年以上，能接受轮休。", W, (5000, 7000, "month")),
    ("叉车工", "负责物流园区货物叉运、装卸车和库位整理，持叉车证，白夜班轮换，提供工作餐和宿舍。", "6-30-05-04", (4800, 5800, "month")),
    ("Site Electrician", "Install temporary power, lighting and distribution boards on construction sites; valid electrician licence; two years of site experience.", "7411.1", (6000, 8000, "month")),
    ("面包师", "负责面包、西点的制作和烘烤，能独立完成产品出品，早班，做六休一，提供员工餐。", COOK, (4000, 5500, "month")),
    ("Customer Support Agent", "Answer customer chats and emails about orders and returns, log issues in our ticket system and escalate complex cases. Weekend rota.", "4222.1", (4000, 5000, "month")),
]
DUP_VARIANTS = [
    lambda t, d: ("【急聘】" + t if not t.isascii() else t + " - urgent", d.replace("，", ",", 1) if not t.isascii() else d.replace(";", ",", 1)),
]

# ---------- lawful exceptions (male-only for work forbidden to women) ----------
ad("井下采煤工", "煤矿井下采掘作业，限男性，持特种作业操作证，三班倒，井下补贴另计。", [], occ="6-16-01-01", pay=(8000, 12000, "month"))
ad("矿井支护工", "负责矿山井下巷道支护作业，只招男性，有下井经验者优先。", [], occ="6-16-01-02", pay=(7000, 10000, "month"))
ad("搬运装卸工", "负责水泥袋装卸，单件超过25公斤，属于第四级体力劳动强度作业，限男性。", [], occ="4-02-06-04", pay=(6000, 8000, "month"))
ad("井下掘进工", "金属矿井下掘进和爆破辅助作业，男性，两年以上井下经验。", [], occ="6-16-01-01", pay=(9000, 13000, "month"))
ad("Underground Miner", "Underground mining at a coal mine, rotating shifts. Male only, as required by the rules on female workers' protection.", [], occ="8111.1", pay=(9000, 13000, "month"))
ad("Stevedore", "Manual handling of sacks, loads over 25 kg, class IV physical labour. Men only.", [], occ="9333.8", pay=(6000, 8000, "month"))
ad("井下电工", "负责煤矿井下供电设备维护，男士优先，持煤矿电工证。", [], occ="6-31-01-03", pay=(8000, 11000, "month"))
ad("井下采煤（女）", "煤矿井下采煤作业，限女性。", ["gender"], occ="6-16-01-01", pay=(8000, 12000, "month"))

# ---------- near-misses (must not be flagged) ----------
ad("包装工", "负责成品包装和贴标，男女不限，长白班，包工作餐。", occ="6-01-02-01", pay=(3800, 4600, "month"))
ad("超市理货员", "负责货架整理，不限户口，外地员工提供住宿。", occ=W, pay=(2800, 3300, "month"))
ad("送餐员", "负责外卖配送，无需押金，公司配发电动车。", occ="4-02-07-03", pay=(5000, 8000, "month"))
ad("保洁员", "本公司招聘不收取任何费用，请勿相信中介，负责商场保洁。", occ=CLEAN, pay=(2400, 2800, "month"))
ad("Packing Operative", "Pack and label orders. Female workers welcome; we offer flexible school-hours shifts.", occ="9321.1", pay=(3800, 4500, "month"))
ad("Warehouse Operative", "Men and women are equally welcome. Forklift training is free of charge.", occ="9333.8", pay=(4200, 5000, "month"))
ad("咖啡师", "负责咖啡制作和门店服务，不限男女，提供免费技能培训。", occ="4-03-02-07", pay=(3200, 4200, "month"))
ad("操作工", "年满18周岁，男女均可，两班倒，入职体检费用公司承担。", occ=PROD, pay=(4500, 5500, "month"))
ad("韩语翻译", "负责中韩商务翻译，懂朝鲜语，少数民族优先，工作地点延吉。", occ="2-10-05-01", pay=(5000, 8000, "month"))
ad("餐厅服务员", "负责点餐传菜，持健康证上岗，身体健康，男女不限。", occ="4-03-02-05", pay=(2800, 3400, "month"))
ad("财务助理", "负责凭证整理，婚育不限，享受婚假、产假等法定假期。", occ=ACC, pay=(3500, 4500, "month"))
ad("食堂厨师", "负责员工食堂菜品制作，不歧视乙肝携带者，持健康证。", occ=COOK, pay=(4500, 5500, "month"))
ad("社区公益岗", "面向就业困难人员的公益性岗位，户籍不限，按月发放岗位补贴。", occ="3-01-02-01", pay=(1900, 2100, "month"))
ad("电工", "年龄不限，持证上岗，公司提供免费培训和工作服，不收任何费用。", occ="6-31-01-03", pay=(5000, 6500, "month"))
ad("Bank Clerk", "Process customer deposits and withdrawals at the counter. Banking experience preferred.", occ="4211.1", pay=(4500, 6000, "month"))
ad("Trainee Technician", "Paid training for three months, no fees of any kind. Applicants of any age welcome.", occ="7421.1", pay=(4000, 5000, "month"))
ad("Cook", "Prepare staff meals. Hepatitis B carriers welcome; a food handler's health certificate is required by law.", occ="5120.1", pay=(4000, 5000, "month"))
ad("Care Worker", "Support residents in a care home. We welcome applicants regardless of gender, age or hukou.", occ="5322.1", pay=(4000, 5000, "month"))
ad("物业前台", "负责物业服务中心接待，单身宿舍免费提供，五险一金。", occ="4-06-01-01", pay=(3000, 3600, "month"))
ad("驾驶员", "负责通勤班车驾驶，驾龄五年以上，体检费公司报销。", occ=DRV, pay=(5000, 6000, "month"))
ad("保险理赔专员", "负责车险理赔查勘与定损，熟悉理赔流程，驾龄三年以上。", occ="4-05-03-01", pay=(5000, 7000, "month"))
ad("银行大堂经理", "负责客户引导和业务咨询，引导客户办理存款、贷款等业务。", occ="4-05-01-01", pay=(5000, 7000, "month"))
ad("汽车销售顾问", "负责新车销售，为客户办理按揭和分期购车手续，底薪加提成。", occ=W, pay=(4000, 12000, "month"))
ad("职业培训学校招生老师", "负责学校课程咨询和招生，向学员介绍培训课程和学费政策。", occ="2-08-07-00", pay=(4000, 8000, "month"))
ad("会计", "负责账务处理，公司可协助解决本市户口，提供人才公寓。", occ=ACC, pay=(5000, 7000, "month"))
ad("Recruiter", "We never charge candidates. Beware of anyone asking you to pay a deposit; it is a scam.", occ="2423.1", pay=(5000, 8000, "month"))
ad("厨师长", "负责后厨管理，年满25周岁，有十年以上经验。", occ=COOK, pay=(9000, 14000, "month"))
ad("押运员", "负责现金押运，持保安员证，身体健康，退伍军人优先。", occ="4-07-05-02", pay=(4000, 5000, "month"))
ad("女装店店员", "负责女装门店销售和陈列，熟悉女装搭配，男女不限。", occ=W, pay=(3000, 5000, "month"))
ad("母婴护理师", "负责产妇和新生儿护理，持母婴护理证书，住家，月休四天。", occ="4-10-01-02", pay=(7000, 10000, "month"))
ad("Midwife", "Support women through pregnancy and birth on our maternity ward. Registered midwife licence required.", occ="2222.1", pay=(6000, 9000, "month"))
ad("Student Loan Advisor", "Advise university students on government student loan repayment options at our bank branch.", occ="3312.1", pay=(5000, 7000, "month"))
ad("男装导购", "负责男装品牌门店销售，熟悉男装面料，男女不限。", occ=W, pay=(3000, 5000, "month"))
ad("培训专员", "负责组织员工内训和新员工入职培训，培训期间带薪。", occ="2-06-07-05", pay=(4500, 6000, "month"))
ad("体检中心前台", "负责体检客户登记、缴费和报告发放，熟悉收费系统。", occ="4-07-02-01", pay=(3000, 3800, "month"))
ad("Hotel Night Auditor", "Reconcile the day's takings, room charges and deposits at the front desk. Night shift.", occ="4311.1", pay=(4000, 5000, "month"))

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    postings, labels = [], []
    n = 0
    def emit(title, desc, kinds, o, emp_id=None):
        nonlocal n
        n += 1
        pid = "PC%04d" % n
        city = CITIES[n % len(CITIES)]
        p = {"id": pid, "title": title}
        if desc:
            p["description"] = desc + o.get("extra", "")
        p["occupation"] = o.get("occ", W)
        emp = o.get("emp", "x")
        if emp is not None:
            p["employer"] = emp_id or "EC%04d" % n
        if o.get("loc", True):
            p["location"] = {"code": city[0], "name": city[1], "lat": city[2], "lon": city[3]}
        pay = o.get("pay", (3500, 5000, "month"))
        if pay is not None:
            p["salary"] = {"min": pay[0], "max": pay[1], "period": pay[2]}
        p["posted_at"] = "2026-11-01"
        if o.get("exp", True):
            p["expires_at"] = "2027-01-31"
        postings.append(p)
        labels.append({"id": pid, "flags": sorted(set(kinds))})
        return p
    for title, desc, kinds, o in S:
        emit(title, desc, kinds, o)
    # duplicates: the same ad collected from two channels (the copy has a higher id)
    for i, (title, desc, occ, pay) in enumerate(DUPS):
        emp = "ED%03d" % i
        first = emit(title, desc, [], {"occ": occ, "pay": pay}, emp_id=emp)
        t2, d2 = DUP_VARIANTS[0](title, desc)
        second = emit(t2, d2, ["duplicate"], {"occ": occ, "pay": pay}, emp_id=emp)
        second["location"] = first["location"]
        if "【急聘】" in t2:
            labels[-1]["flags"] = sorted(set(labels[-1]["flags"]))
    # same employer and title but a different ad: not a duplicate
    emit("数控铣工", "负责五轴加工中心的编程与调试，熟悉UG编程，五年以上经验，长白班，年终奖。", [], {"occ": PROD, "pay": (8000, 12000, "month")}, emp_id="ED000")
    with open(os.path.join(here, "postings.jsonl"), "w", encoding="utf-8") as f:
        for p in postings:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    with open(os.path.join(here, "labels.jsonl"), "w", encoding="utf-8") as f:
        for l in labels:
            f.write(json.dumps(l, ensure_ascii=False) + "\n")
    print(len(postings), "postings")

main()
