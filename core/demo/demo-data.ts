// The demo's fictional university, its people, an interested enterprise and 24 patents. Everything
// here is invented, but shaped like real CNIPA data (valid check characters, consistent publication
// numbers, normalised IPC) so that every flow of the bot can be shown on it.
import type { EnterpriseType, PatentType, Role } from '../../prisma/generated/client.ts';
import { formatApplicationNumber } from '../identifiers/cn-application-number.ts';
import { creditCodeCheckCharacter } from '../identifiers/credit-code.ts';

export const DEMO_PROVINCE = '310000';

// A public institution (12) registered in Shanghai (310000); the 18th character is computed.
const UNIVERSITY_CODE_FIRST17 = '12310000425010017';

export const DEMO_UNIVERSITY = {
  code: 'DHUT',
  nameZh: '东海理工大学',
  nameEn: 'Donghai University of Technology',
  creditCode: UNIVERSITY_CODE_FIRST17 + creditCodeCheckCharacter(UNIVERSITY_CODE_FIRST17),
  province: DEMO_PROVINCE,
  /** Shanghai is a municipality: its city is the province itself (GB/T 2260). */
  city: DEMO_PROVINCE,
} as const;

export const DEMO_COLLEGES = [
  { code: 'DHUT-MSE', nameZh: '材料科学与工程学院', nameEn: 'School of Materials Science and Engineering' },
  {
    code: 'DHUT-IEE',
    nameZh: '信息与电子工程学院',
    nameEn: 'School of Information and Electronic Engineering',
  },
] as const;

export type DemoCollegeCode = (typeof DEMO_COLLEGES)[number]['code'];

// Organisation-code part "MA2J8C4N8" carries a valid GB 11714 check character too, like a real code.
const ENTERPRISE_CODE_FIRST17 = '91330108MA2J8C4N8';

export const DEMO_ENTERPRISE: {
  name: string;
  creditCode: string;
  region: string;
  types: EnterpriseType[];
  ipcInterests: string[];
  keywords: string[];
} = {
  name: '杭州储能新材料科技有限公司',
  creditCode: ENTERPRISE_CODE_FIRST17 + creditCodeCheckCharacter(ENTERPRISE_CODE_FIRST17),
  region: '330100',
  types: ['SPECIALIZED_SME', 'HIGH_TECH'],
  ipcInterests: ['H01M', 'H02J'],
  keywords: ['固态电池', '储能'],
};

/** Keys of the demo personas: the terminal bot's `--as <key>` and their TERMINAL channel identity. */
export const DEMO_PERSONA_KEYS = [
  'inventor',
  'enterprise',
  'coordinator',
  'college-coordinator',
  'bureau',
  'admin',
  'expert',
] as const;
export type DemoPersonaKey = (typeof DEMO_PERSONA_KEYS)[number];

export type DemoRoleScope =
  | { platform: true }
  | { institution: typeof DEMO_UNIVERSITY.code | DemoCollegeCode }
  | { enterprise: true }
  | { province: string }
  /** An expert of the province's expert database: free-text affiliation, the province as region. */
  | { expert: { affiliation: string; region: string; title: string; ipc: string[]; keywords: string[] } };

export interface DemoPerson {
  key: DemoPersonaKey;
  name: string;
  /** Person.email is unique: the seed invites an existing person with it rather than a second one. */
  email: string;
  locale: string;
  role: Role;
  scope: DemoRoleScope;
}

export const DEMO_PERSONS: readonly DemoPerson[] = [
  {
    key: 'inventor',
    name: '张伟',
    email: 'zhang.wei@dhut.example.cn',
    locale: 'zh-CN',
    role: 'INVENTOR',
    scope: { institution: 'DHUT' },
  },
  {
    key: 'college-coordinator',
    name: '李娜',
    email: 'li.na@dhut.example.cn',
    locale: 'zh-CN',
    role: 'COLLEGE_COORDINATOR',
    scope: { institution: 'DHUT-MSE' },
  },
  {
    key: 'coordinator',
    name: '王强',
    email: 'wang.qiang@dhut.example.cn',
    locale: 'zh-CN',
    role: 'UNIVERSITY_COORDINATOR',
    scope: { institution: 'DHUT' },
  },
  {
    key: 'enterprise',
    name: '陈静',
    email: 'chen.jing@hzcnxc.example.cn',
    locale: 'zh-CN',
    role: 'ENTERPRISE_STAFF',
    scope: { enterprise: true },
  },
  {
    key: 'bureau',
    name: '赵磊',
    email: 'zhao.lei@sh-ip.example.cn',
    locale: 'zh-CN',
    role: 'BUREAU_OFFICER',
    scope: { province: DEMO_PROVINCE },
  },
  {
    key: 'admin',
    name: '平台管理员',
    email: 'admin@revive-demo.example.cn',
    locale: 'zh-CN',
    role: 'ADMIN',
    scope: { platform: true },
  },
  {
    key: 'expert',
    name: '刘洋',
    email: 'liu.yang@sh-energy-institute.example.cn',
    locale: 'zh-CN',
    role: 'EXPERT',
    // Outside the university and the enterprise: no conflict of interest with the demo's patents.
    scope: {
      expert: {
        affiliation: '上海储能技术研究院',
        region: DEMO_PROVINCE,
        title: '研究员',
        ipc: ['H01M 10/05', 'H02J'],
        keywords: ['固态电池', '储能系统'],
      },
    },
  },
];

/** The demo inventor: first inventor, and so the one who answers, for most of the patents. */
export const DEMO_INVENTOR = DEMO_PERSONS[0]!;

export const DEMO_PATENTEES = [DEMO_UNIVERSITY.nameZh];

export interface DemoPatent {
  /** Canonical, with its computed check character. */
  applicationNumber: string;
  publicationNumber: string;
  title: string;
  abstract: string;
  type: PatentType;
  /** Canonical, main classification first; empty for designs. */
  ipcCodes: string[];
  locarnoClass: string | null;
  /** "YYYY-MM-DD" */
  applicationDate: string;
  grantDate: string;
  college: DemoCollegeCode;
  /** In the order printed on the patent. */
  inventors: string[];
}

const MSE = 'DHUT-MSE';
const IEE = 'DHUT-IEE';

export const DEMO_PATENTS: readonly DemoPatent[] = [
  // ---- solid-state batteries
  {
    applicationNumber: formatApplicationNumber('201610523417'),
    publicationNumber: 'CN106129365B',
    title: '一种硫化物固态电解质及其制备方法',
    abstract:
      '本发明公开了一种硫化物固态电解质及其制备方法，属于锂离子电池技术领域。该电解质的化学组成为Li6PS5Cl1-xBrx（0＜x≤0.5），' +
      '制备方法包括：在惰性气氛中将硫化锂、五硫化二磷、氯化锂和溴化锂按化学计量比混合，经高能球磨得到前驱体，再于450～550℃下热处理并淬冷。' +
      '通过卤素位点的双元素占位调控锂离子迁移通道，室温离子电导率可达5.2mS/cm，且对锂金属负极具有良好的电化学稳定性。' +
      '该方法工艺简单、原料易得，适合规模化制备全固态锂电池用电解质。',
    type: 'INVENTION',
    ipcCodes: ['H01M 10/0562', 'H01M 10/0525', 'C01B 25/14'],
    locarnoClass: null,
    applicationDate: '2016-07-05',
    grantDate: '2019-03-15',
    college: MSE,
    inventors: ['张伟', '刘洋', '王芳'],
  },
  {
    applicationNumber: formatApplicationNumber('201710151243'),
    publicationNumber: 'CN107069081B',
    title: '一种石榴石型氧化物固态电解质的低温烧结方法',
    abstract:
      '本发明提供了一种石榴石型氧化物固态电解质的低温烧结方法。以镓、钽共掺杂的锂镧锆氧粉体为原料，加入质量分数1%～3%的硼酸锂作为烧结助剂，' +
      '经干压成型后在900～1000℃下采用两步烧结工艺致密化，致密度达到96%以上。与传统1200℃以上的高温烧结相比，' +
      '本方法显著抑制了锂的挥发和杂相生成，所得电解质片室温离子电导率不低于6×10^-4S/cm，能耗降低约三成，' +
      '可用于制备高安全性的固态锂电池。',
    type: 'INVENTION',
    ipcCodes: ['H01M 10/0562', 'C04B 35/48', 'H01M 10/052'],
    locarnoClass: null,
    applicationDate: '2017-03-14',
    grantDate: '2020-06-09',
    college: MSE,
    inventors: ['张伟', '陈晓东', '周婷', '吴昊'],
  },
  {
    applicationNumber: formatApplicationNumber('201810496520'),
    publicationNumber: 'CN108767312B',
    title: '一种复合聚合物固态电解质膜及全固态锂金属电池',
    abstract:
      '本发明涉及一种复合聚合物固态电解质膜及包含该电解质膜的全固态锂金属电池。该电解质膜以聚氧化乙烯为基体，' +
      '加入双三氟甲磺酰亚胺锂作为锂盐，并均匀分散表面接枝硅烷的锂镧锆钽氧纳米纤维作为无机填料，经溶液浇铸和热压制成，厚度为20～40微米。' +
      '无机纳米纤维形成连续的锂离子快速传输通道，使电解质膜在60℃下的离子电导率达到1.1×10^-3S/cm，' +
      '并有效抑制锂枝晶生长。组装的磷酸铁锂全固态电池循环500次后容量保持率高于90%。',
    type: 'INVENTION',
    ipcCodes: ['H01M 10/0565', 'H01M 10/052', 'H01M 10/0562'],
    locarnoClass: null,
    applicationDate: '2018-05-22',
    grantDate: '2021-01-26',
    college: MSE,
    inventors: ['张伟', '刘洋', '徐静怡'],
  },
  // ---- sodium-ion cathodes
  {
    applicationNumber: formatApplicationNumber('202010305812'),
    publicationNumber: 'CN111430209B',
    title: '一种钠离子电池层状氧化物正极材料及其制备方法',
    abstract:
      '本发明公开了一种钠离子电池层状氧化物正极材料及其制备方法，该材料化学式为NaNi0.3Fe0.3Mn0.3Cu0.05Ti0.05O2，' +
      '具有O3型层状结构。制备时先采用共沉淀法合成镍铁锰氢氧化物前驱体，再与碳酸钠、氧化铜和二氧化钛混合，于850℃空气气氛中煅烧。' +
      '铜、钛共掺杂抑制了充放电过程中的不可逆相变并提高了材料在空气中的存储稳定性。' +
      '该材料在0.1C下可逆比容量达到135mAh/g，1C循环300次容量保持率为88%，原料成本低，适用于大规模储能。',
    type: 'INVENTION',
    ipcCodes: ['H01M 4/505', 'H01M 4/525', 'H01M 10/054'],
    locarnoClass: null,
    applicationDate: '2020-04-17',
    grantDate: '2022-05-10',
    college: MSE,
    inventors: ['张伟', '杨帆', '马骏', '王芳'],
  },
  {
    applicationNumber: formatApplicationNumber('202110023659'),
    publicationNumber: 'CN112850819B',
    title: '一种低结晶水普鲁士蓝类钠离子电池正极材料的制备方法',
    abstract:
      '本发明提供了一种低结晶水普鲁士蓝类钠离子电池正极材料的制备方法。以亚铁氰化钠和硫酸锰为原料，在柠檬酸钠螯合剂存在下，' +
      '于氮气保护中通过控速共沉淀法合成富钠锰铁基普鲁士白，随后在真空条件下分段梯度脱水，使结晶水含量降至2%以下。' +
      '所得材料晶格缺陷少、颗粒尺寸均一，首周库仑效率达到92%，在2C倍率下循环1000次容量保持率为85%。' +
      '该方法在室温水相中进行，无需高温煅烧，易于放大生产。',
    type: 'INVENTION',
    ipcCodes: ['H01M 4/58', 'H01M 10/054', 'C01C 3/12'],
    locarnoClass: null,
    applicationDate: '2021-01-08',
    grantDate: '2022-09-13',
    college: MSE,
    inventors: ['张伟', '杨帆', '朱琳'],
  },
  {
    applicationNumber: formatApplicationNumber('202110734218'),
    publicationNumber: 'CN113443307B',
    title: '一种碳包覆焦磷酸磷酸铁钠正极材料及其制备方法',
    abstract:
      '本发明公开了一种碳包覆焦磷酸磷酸铁钠正极材料及其制备方法。以磷酸二氢钠、硝酸铁和葡萄糖为原料，经喷雾干燥得到球形前驱体，' +
      '在氩气气氛中于500℃预烧、600℃煅烧，得到表面包覆2～5纳米无定形碳层的Na4Fe3(PO4)2P2O7材料。' +
      '该材料具有稳定的三维聚阴离子框架，体积变化率小于4%，在0.1C下比容量达到118mAh/g，10C下仍保持85mAh/g，' +
      '且不含镍、钴等贵金属元素，原料成本低廉，适用于低成本长寿命储能电池。',
    type: 'INVENTION',
    ipcCodes: ['H01M 4/5825', 'H01M 4/62', 'H01M 10/054'],
    locarnoClass: null,
    applicationDate: '2021-06-30',
    grantDate: '2023-04-18',
    college: MSE,
    inventors: ['张伟', '马骏', '杨帆', '胡晓峰', '刘洋'],
  },
  {
    applicationNumber: formatApplicationNumber('201922013586'),
    publicationNumber: 'CN211629321U',
    title: '一种全固态电池叠片热压成型装置',
    abstract:
      '本实用新型公开了一种全固态电池叠片热压成型装置，包括机架、设置在机架上的下模座、可升降的上压板以及伺服加压机构。' +
      '下模座内设有与电芯尺寸匹配的定位槽和电加热板，上压板底面设置均压硅胶垫和温度传感器，伺服加压机构通过压力传感器实现闭环控制。' +
      '工作时正极片、固态电解质层和负极片依次叠放于定位槽内，在设定温度和压力下保压成型，' +
      '可使各层之间紧密接触，降低界面阻抗，且结构简单、操作方便，提高了全固态电池的成品率。',
    type: 'UTILITY_MODEL',
    ipcCodes: ['H01M 10/04', 'H01M 10/058'],
    locarnoClass: null,
    applicationDate: '2019-11-20',
    grantDate: '2020-09-04',
    college: MSE,
    inventors: ['张伟', '吴昊'],
  },
  // ---- perovskite solar cells
  {
    applicationNumber: formatApplicationNumber('201811130675'),
    publicationNumber: 'CN109273610B',
    title: '一种高稳定性钙钛矿太阳能电池及其制备方法',
    abstract:
      '本发明公开了一种高稳定性钙钛矿太阳能电池及其制备方法，该电池依次包括透明导电基底、二氧化锡电子传输层、钙钛矿吸光层、' +
      '二维钙钛矿钝化层、空穴传输层和金属电极。通过在三维钙钛矿表面原位生长苯乙胺基二维钙钛矿钝化层，' +
      '有效钝化了晶界和表面缺陷，并阻隔了水分和氧气的侵入。所制备电池的光电转换效率达到22.1%，' +
      '在相对湿度50%的空气中未封装存放1000小时后仍保持初始效率的90%以上，显著提升了器件的环境稳定性。',
    type: 'INVENTION',
    ipcCodes: ['H01L 51/42', 'H01L 51/48'],
    locarnoClass: null,
    applicationDate: '2018-09-27',
    grantDate: '2021-05-18',
    college: MSE,
    inventors: ['张伟', '林志强', '何雨萱'],
  },
  {
    applicationNumber: formatApplicationNumber('202010802416'),
    publicationNumber: 'CN111987221B',
    title: '一种大面积钙钛矿薄膜的刮涂制备方法',
    abstract:
      '本发明提供了一种大面积钙钛矿薄膜的刮涂制备方法，包括以下步骤：配制含有表面活性剂的甲脒铯基钙钛矿前驱体溶液；' +
      '将基底加热至70℃，以每秒10～20毫米的速度刮涂前驱体溶液；刮涂后立即采用条形氮气刀吹扫，使溶剂快速挥发并诱导均匀成核；' +
      '最后在150℃下退火得到钙钛矿薄膜。该方法无需使用反溶剂，可在空气中制备面积为100平方厘米以上、厚度均匀的致密薄膜，' +
      '组件效率达到18%以上，适合钙钛矿光伏组件的卷对卷规模化生产。',
    type: 'INVENTION',
    ipcCodes: ['H01L 51/48', 'H01L 51/42'],
    locarnoClass: null,
    applicationDate: '2020-08-11',
    grantDate: '2022-07-29',
    college: MSE,
    inventors: ['张伟', '何雨萱', '林志强', '高翔'],
  },
  {
    applicationNumber: formatApplicationNumber('202210258940'),
    publicationNumber: 'CN114361845B',
    title: '一种钙钛矿/晶硅叠层太阳能电池及其制备方法',
    abstract:
      '本发明公开了一种钙钛矿/晶硅两端叠层太阳能电池及其制备方法。底电池为绒面异质结晶硅电池，' +
      '其上依次沉积氧化铟锡复合层、自组装单分子空穴传输层、宽带隙钙钛矿吸光层、氟化锂界面层、C60电子传输层、原子层沉积的二氧化锡缓冲层和透明电极。' +
      '通过采用共蒸发与溶液法相结合的混合工艺，在绒面上形成了保形覆盖的钙钛矿薄膜，实现了两个子电池的电流匹配。' +
      '叠层电池的光电转换效率达到28.6%，为晶硅电池效率的进一步提升提供了可行的技术路线。',
    type: 'INVENTION',
    ipcCodes: ['H10K 30/57', 'H10K 85/50'],
    locarnoClass: null,
    applicationDate: '2022-03-16',
    grantDate: '2023-08-22',
    college: MSE,
    inventors: ['张伟', '林志强', '罗佳', '何雨萱'],
  },
  // ---- membrane water treatment
  {
    applicationNumber: formatApplicationNumber('201710656271'),
    publicationNumber: 'CN107362697B',
    title: '一种氧化石墨烯改性聚偏氟乙烯超滤膜及其制备方法',
    abstract:
      '本发明公开了一种氧化石墨烯改性聚偏氟乙烯超滤膜及其制备方法。先以多巴胺对氧化石墨烯进行表面修饰，' +
      '再将其与聚偏氟乙烯、聚乙烯吡咯烷酮共同溶解于N,N-二甲基乙酰胺中配成铸膜液，经刮膜和非溶剂致相分离制得超滤膜。' +
      '改性氧化石墨烯在膜内均匀分散并向膜表面迁移，使膜的水接触角由82°降至48°，纯水通量提高约1.6倍，' +
      '对牛血清白蛋白的截留率保持在95%以上，通量恢复率超过90%，具有优良的抗污染性能，可用于市政污水深度处理。',
    type: 'INVENTION',
    ipcCodes: ['B01D 71/34', 'B01D 67/00', 'C02F 1/44'],
    locarnoClass: null,
    applicationDate: '2017-08-03',
    grantDate: '2020-02-14',
    college: MSE,
    inventors: ['张伟', '郭倩', '郑凯'],
  },
  {
    applicationNumber: formatApplicationNumber('201910339028'),
    publicationNumber: 'CN110102187B',
    title: '一种用于含重金属废水处理的荷正电纳滤膜及其制备方法',
    abstract:
      '本发明涉及一种用于含重金属废水处理的荷正电纳滤膜及其制备方法。以聚醚砜超滤膜为基膜，' +
      '将聚乙烯亚胺与季铵化壳聚糖的混合水溶液作为水相，均苯三甲酰氯的正己烷溶液作为油相，通过界面聚合形成荷正电聚酰胺分离层。' +
      '所得纳滤膜表面带有较强正电荷，依靠道南排斥效应对铜、镍、镉、铅等二价重金属离子的截留率均高于97%，' +
      '在0.6MPa操作压力下纯水通量达到12L/(m²·h·bar)，可用于电镀、电池回收等行业废水的处理与资源化回用。',
    type: 'INVENTION',
    ipcCodes: ['B01D 69/12', 'B01D 71/56', 'C02F 1/44'],
    locarnoClass: null,
    applicationDate: '2019-04-25',
    grantDate: '2021-11-30',
    college: MSE,
    inventors: ['张伟', '郭倩'],
  },
  {
    applicationNumber: formatApplicationNumber('202020845173'),
    publicationNumber: 'CN212425675U',
    title: '一种膜生物反应器用可在线清洗的中空纤维膜组件',
    abstract:
      '本实用新型公开了一种膜生物反应器用可在线清洗的中空纤维膜组件，包括集水管、固定在集水管上的若干中空纤维膜束、' +
      '设置在膜束下方的曝气管以及反冲洗单元。曝气管上开设有多排交错分布的微孔，可产生均匀上升的气液两相流冲刷膜丝表面；' +
      '反冲洗单元包括清洗液储罐、计量泵和电磁阀，能够在不停机的情况下定时向膜丝内腔反向注入清洗液。' +
      '该膜组件结构紧凑，有效减缓了膜污染，延长了化学清洗周期，降低了运行维护成本。',
    type: 'UTILITY_MODEL',
    ipcCodes: ['B01D 63/02', 'B01D 65/02', 'C02F 3/12'],
    locarnoClass: null,
    applicationDate: '2020-05-19',
    grantDate: '2021-01-29',
    college: MSE,
    inventors: ['张伟', '郑凯', '郭倩'],
  },
  // ---- machine vision inspection
  {
    applicationNumber: formatApplicationNumber('202011146392'),
    publicationNumber: 'CN112330623B',
    title: '一种基于深度学习的锂电池极片表面缺陷检测方法',
    abstract:
      '本发明公开了一种基于深度学习的锂电池极片表面缺陷检测方法，包括：采用线阵相机和条形光源在涂布产线上采集极片表面图像；' +
      '对图像进行平场校正和分块处理；构建融合注意力机制的轻量化卷积神经网络，对划痕、漏箔、颗粒、褶皱和气泡五类缺陷进行检测与定位；' +
      '利用小样本数据增强方法扩充缺陷样本训练模型。该方法在产线速度每分钟60米条件下检出率达到99.2%，' +
      '单帧处理时间小于20毫秒，可替代人工目检，提高电池生产的质量控制水平。',
    type: 'INVENTION',
    ipcCodes: ['G06T 7/0004', 'G06V 10/82', 'G06N 3/08', 'G01N 21/88'],
    locarnoClass: null,
    applicationDate: '2020-10-23',
    grantDate: '2022-11-04',
    college: MSE,
    inventors: ['张伟', '黄磊', '孙浩然'],
  },
  {
    applicationNumber: formatApplicationNumber('202111321749'),
    publicationNumber: 'CN114049624B',
    title: '一种钙钛矿薄膜缺陷的机器视觉识别方法及系统',
    abstract:
      '本发明提供了一种钙钛矿薄膜缺陷的机器视觉识别方法及系统。该方法同步采集钙钛矿薄膜的明场图像和光致发光图像，' +
      '通过图像配准将两种模态的信息融合，输入多尺度特征金字塔分类网络，识别针孔、裂纹、相分离和未覆盖区域等缺陷，' +
      '并根据缺陷面积占比对薄膜质量进行分级。系统包括双光源成像模块、运动平台、图像处理单元和分拣控制单元。' +
      '该方法可在制备过程中在线筛除不合格薄膜，识别准确率达到97.5%，有助于提高钙钛矿组件的良品率。',
    type: 'INVENTION',
    ipcCodes: ['G06V 10/764', 'G06V 10/82', 'G06T 7/0004'],
    locarnoClass: null,
    applicationDate: '2021-11-09',
    grantDate: '2023-06-27',
    college: MSE,
    inventors: ['张伟', '孙浩然', '何雨萱'],
  },
  // ---- federated learning
  {
    applicationNumber: formatApplicationNumber('202110393457'),
    publicationNumber: 'CN113159340B',
    title: '一种基于联邦学习的储能电池健康状态估计方法',
    abstract:
      '本发明公开了一种基于联邦学习的储能电池健康状态估计方法。各储能电站在本地提取电池充电曲线中的增量容量特征和温度特征，' +
      '利用本地数据训练长短期记忆网络模型，仅将模型参数上传至云端服务器；服务器按各电站数据量和数据质量进行加权聚合，' +
      '并将全局模型下发至各电站继续迭代训练。该方法在不共享原始运行数据的前提下，综合利用了多个电站的电池老化信息，' +
      '健康状态估计的平均绝对误差小于1.5%，解决了单一电站样本不足和数据隐私保护的问题。',
    type: 'INVENTION',
    ipcCodes: ['G06N 20/00', 'G01R 31/392', 'G01R 31/367'],
    locarnoClass: null,
    applicationDate: '2021-04-13',
    grantDate: '2023-02-17',
    college: MSE,
    inventors: ['张伟', '黄磊', '孙浩然', '杨帆'],
  },
  {
    applicationNumber: formatApplicationNumber('202210636852'),
    publicationNumber: 'CN115034836B',
    title: '一种面向多储能电站的隐私保护联邦学习模型训练方法',
    abstract:
      '本发明涉及一种面向多储能电站的隐私保护联邦学习模型训练方法，包括：各参与方对本地梯度进行自适应裁剪并添加差分隐私噪声；' +
      '采用同态加密对扰动后的梯度进行加密后上传；聚合服务器在密文状态下完成安全聚合，并基于各参与方历史贡献度动态调整聚合权重；' +
      '引入异常梯度检测机制识别并剔除恶意参与方上传的投毒更新。' +
      '该方法在保证模型精度的同时兼顾通信效率与数据安全，适用于储能电站故障预警、功率预测等跨机构协同建模场景。',
    type: 'INVENTION',
    ipcCodes: ['G06N 3/098', 'G06F 21/62', 'H04L 9/008'],
    locarnoClass: null,
    applicationDate: '2022-06-07',
    grantDate: '2023-11-21',
    college: MSE,
    inventors: ['张伟', '黄磊', '罗佳'],
  },
  // ---- power electronics
  {
    applicationNumber: formatApplicationNumber('201910577830'),
    publicationNumber: 'CN110247571B',
    title: '一种储能变流器的有限集模型预测控制方法',
    abstract:
      '本发明公开了一种储能变流器的有限集模型预测控制方法，适用于三电平中点钳位型储能变流器。该方法建立变流器在两相静止坐标系下的离散预测模型，' +
      '以电网电流跟踪误差、中点电位偏差和开关频率为优化目标构建代价函数，并通过扇区预判将候选电压矢量由27个缩减至7个，' +
      '大幅降低了计算量；同时引入延时补偿环节消除数字控制一拍延时的影响。' +
      '该方法动态响应快，并网电流总谐波畸变率低于2%，可实现储能系统充放电状态之间的平滑切换。',
    type: 'INVENTION',
    ipcCodes: ['H02M 7/5387', 'H02J 3/32', 'H02J 3/38'],
    locarnoClass: null,
    applicationDate: '2019-06-28',
    grantDate: '2021-07-06',
    college: MSE,
    inventors: ['张伟', '高翔', '陈晓东'],
  },
  {
    applicationNumber: formatApplicationNumber('202220094862'),
    publicationNumber: 'CN216904364U',
    title: '一种储能电池模组的主动均衡充电电路',
    abstract:
      '本实用新型公开了一种储能电池模组的主动均衡充电电路，包括单体电压采集单元、主控制器、开关矩阵和双向反激变换器。' +
      '单体电压采集单元实时检测各串联电池单体的电压并传送至主控制器；主控制器根据电压差选通开关矩阵，' +
      '由双向反激变换器将电压最高单体的能量转移至整个模组，或由模组向电压最低单体补充能量。' +
      '该电路均衡电流可达2A，能量转移效率高于85%，有效改善了串联电池组的一致性，延长了储能电池模组的使用寿命。',
    type: 'UTILITY_MODEL',
    ipcCodes: ['H02J 7/00', 'H01M 10/44', 'H01M 10/42'],
    locarnoClass: null,
    applicationDate: '2022-01-14',
    grantDate: '2022-07-05',
    college: MSE,
    inventors: ['张伟', '高翔'],
  },
  {
    applicationNumber: formatApplicationNumber('202130298456'),
    publicationNumber: 'CN306936218S',
    title: '便携式储能电源',
    abstract:
      '1．本外观设计产品的名称：便携式储能电源。2．本外观设计产品的用途：用于户外露营、应急救援等场景下为电子设备和小型电器供电。' +
      '3．本外观设计产品的设计要点：在于产品的整体形状，包括圆角长方体主体、一体式折叠提手、前面板的显示屏与输出接口布局以及侧面的散热格栅。' +
      '4．最能表明设计要点的图片或照片：立体图。5．省略仰视图，因仰视图为使用时不常见的面。',
    type: 'DESIGN',
    ipcCodes: [],
    locarnoClass: '13-02',
    applicationDate: '2021-05-20',
    grantDate: '2021-11-12',
    college: MSE,
    inventors: ['张伟', '周婷', '吴昊'],
  },
  // ---- medical devices (other inventors, information and electronic engineering)
  {
    applicationNumber: formatApplicationNumber('202222137845'),
    publicationNumber: 'CN218128456U',
    title: '一种可穿戴柔性心电监测贴片',
    abstract:
      '本实用新型公开了一种可穿戴柔性心电监测贴片，包括柔性基底、印制在柔性基底上的三个银/氯化银干电极、柔性电路板、' +
      '心电采集芯片、低功耗蓝牙模块以及柔性锂聚合物电池。柔性基底采用透气的医用硅胶材料，背面涂覆亲肤压敏胶，' +
      '电极与电路之间通过蛇形可拉伸导线连接，能够随皮肤形变而不断裂。该贴片可贴附于胸前连续采集单导联心电信号并无线传输至手机，' +
      '佩戴舒适、续航可达7天，适用于心律失常的长时程居家监测。',
    type: 'UTILITY_MODEL',
    ipcCodes: ['A61B 5/318', 'A61B 5/0205'],
    locarnoClass: null,
    applicationDate: '2022-08-15',
    grantDate: '2022-12-27',
    college: IEE,
    inventors: ['刘思远', '宋雅琪', '黄磊'],
  },
  {
    applicationNumber: formatApplicationNumber('201911218460'),
    publicationNumber: 'CN110974225B',
    title: '一种基于多波长光电容积脉搏波的无创血糖检测方法',
    abstract:
      '本发明公开了一种基于多波长光电容积脉搏波的无创血糖检测方法。采用660nm、940nm和1550nm三个波长的光源照射指尖，' +
      '同步采集透射光电容积脉搏波信号，经带通滤波和运动伪迹去除后，提取脉搏波的幅值比、上升时间、面积比等时域特征及频域特征；' +
      '结合受试者的年龄、体重指数等生理参数，利用梯度提升回归模型建立特征与血糖浓度之间的映射关系。' +
      '临床测试中约95%的测量点落在克拉克误差网格A区和B区，可实现血糖的无痛连续监测。',
    type: 'INVENTION',
    ipcCodes: ['A61B 5/1455', 'A61B 5/145', 'G06N 20/00'],
    locarnoClass: null,
    applicationDate: '2019-12-03',
    grantDate: '2022-03-22',
    college: IEE,
    inventors: ['宋雅琪', '刘思远', '邓文博', '韩梅'],
  },
  {
    applicationNumber: formatApplicationNumber('201821771925'),
    publicationNumber: 'CN209548318U',
    title: '一种用于下肢康复训练的智能助行装置',
    abstract:
      '本实用新型公开了一种用于下肢康复训练的智能助行装置，包括带万向轮的U形框架、高度可调的腋下支撑组件、' +
      '安装在扶手上的握力传感器以及设置在框架底部的电机助力驱动单元。控制器根据握力传感器检测到的推力大小和方向调节驱动电机的输出力矩，' +
      '实现顺应使用者意图的助力行走；框架上的惯性测量单元实时记录步速和步态参数，并在检测到跌倒趋势时自动制动。' +
      '该装置结构稳定、操作简便，适用于中风、骨折术后患者的下肢康复训练。',
    type: 'UTILITY_MODEL',
    ipcCodes: ['A61H 3/04', 'A61B 5/11'],
    locarnoClass: null,
    applicationDate: '2018-10-30',
    grantDate: '2019-08-27',
    college: IEE,
    inventors: ['邓文博', '韩梅'],
  },
  {
    applicationNumber: formatApplicationNumber('202330083172'),
    publicationNumber: 'CN308146825S',
    title: '输液监测报警器',
    abstract:
      '1．本外观设计产品的名称：输液监测报警器。2．本外观设计产品的用途：本外观设计产品用于病房输液过程中对滴速和余量进行监测，' +
      '并在输液即将结束或出现异常时发出声光报警。3．本外观设计产品的设计要点：在于产品的形状，包括椭圆形主体、主体正面的环形指示灯带' +
      '和背面的卡扣式输液管夹持槽。4．最能表明设计要点的图片或照片：立体图。5．省略仰视图，因仰视图为使用时不常见的面。',
    type: 'DESIGN',
    ipcCodes: [],
    locarnoClass: '24-01',
    applicationDate: '2023-02-21',
    grantDate: '2023-07-14',
    college: IEE,
    inventors: ['韩梅', '宋雅琪'],
  },
];

/**
 * The inventor's answers to the self-assessment, as a form sends them a page at a time (field id →
 * value: "true"/"false" for yes/no, option ids, numbers as typed; null for an optional field left
 * empty).
 */
export type DemoSelfAssessmentAnswers = Readonly<Record<string, string | readonly string[] | null>>;

/**
 * Patents that 张伟 has self-assessed and the coordinators have screened into the transformation
 * resource pool when the demo starts, so that the enterprise persona is offered patents at once: three
 * in its IPC fields (H01M, H02J), one only by its keyword 储能. All inventions of his college, none the
 * first of his list, so that the inventor persona still begins with a patent to answer.
 */
export const DEMO_POOLED_PATENTS: readonly {
  applicationNumber: string;
  answers: DemoSelfAssessmentAnswers;
}[] = [
  {
    // 一种复合聚合物固态电解质膜及全固态锂金属电池 (H01M)
    applicationNumber: formatApplicationNumber('201810496520'),
    answers: {
      governmentFunded: 'true',
      implementationStatus: ['notImplemented'],
      trl: '5',
      valueGrade: 'good',
      applicationScenarios: ['newEnergyVehicles', 'newEnergy'],
      scenarioDescription: '动力电池和储能电池用固态电解质膜，可替代现有液态电解液与隔膜',
      industrializationProspects: '4',
      transformationIntention: ['licence'],
      licenceType: 'ordinary',
      openLicence: 'yes',
      openLicenceFeeMode: 'royalty',
      openLicenceRoyaltyPercent: '3',
      openLicenceRoyaltyBase: '专利产品年销售额',
      openLicenceTermYears: '5',
      feeModes: ['upfrontPlusRoyalty'],
      expectedPrice: '120',
      contactConsent: 'true',
      remarks: null,
    },
  },
  {
    // 一种储能变流器的有限集模型预测控制方法 (H02J)
    applicationNumber: formatApplicationNumber('201910577830'),
    answers: {
      governmentFunded: 'false',
      implementationStatus: ['selfImplemented'],
      implementationDetail: '已在本校微电网实验平台的 100 kW 储能变流器样机上连续运行验证',
      trl: '7',
      valueGrade: 'fairlyGood',
      applicationScenarios: ['advancedEquipment', 'newEnergy'],
      scenarioDescription: null,
      industrializationProspects: '4',
      transformationIntention: ['licence'],
      licenceType: 'ordinary',
      openLicence: 'no',
      feeModes: ['upfrontPlusRoyalty'],
      expectedPrice: null,
      contactConsent: 'true',
      remarks: '可提供控制算法源代码和样机测试报告',
    },
  },
  {
    // 一种钠离子电池层状氧化物正极材料及其制备方法 (H01M)
    applicationNumber: formatApplicationNumber('202010305812'),
    answers: {
      governmentFunded: 'true',
      implementationStatus: ['notImplemented'],
      trl: '6',
      valueGrade: 'good',
      applicationScenarios: ['newMaterials', 'newEnergy'],
      scenarioDescription: '储能电站和低速电动车用钠离子电池正极材料',
      industrializationProspects: '5',
      transformationIntention: ['transfer', 'licence'],
      licenceType: 'sole',
      openLicence: 'undecided',
      feeModes: ['lumpSum', 'instalments'],
      expectedPrice: '300',
      contactConsent: 'true',
      remarks: null,
    },
  },
  {
    // 一种基于联邦学习的储能电池健康状态估计方法 (G06N; the keyword 储能)
    applicationNumber: formatApplicationNumber('202110393457'),
    answers: {
      governmentFunded: 'true',
      implementationStatus: ['notImplemented'],
      trl: '4',
      valueGrade: 'average',
      applicationScenarios: ['informationTechnology', 'newEnergy'],
      scenarioDescription: null,
      industrializationProspects: '3',
      transformationIntention: ['transfer'],
      feeModes: ['lumpSum'],
      expectedPrice: '50',
      contactConsent: 'true',
      remarks: null,
    },
  },
];
