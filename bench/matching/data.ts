// Synthetic province-scale data for the matching benchmark: patents whose IPC follows a Zipf law over
// the shipped scheme's subclasses (1–3 codes each, mostly in related subclasses), with Chinese titles and
// 150–300-character abstracts made from their subclass's own vocabulary (the words of its Chinese title)
// and a shared technical vocabulary; enterprises in the three profile styles (IPC, keywords, prose).
// Deterministic for a seed.
import { ipcScheme } from '../../core/ipc/scheme.ts';
import type { PoolPatent } from '../../core/matching/index/pool-index.ts';
import type { MatchProfile } from '../../core/matching/query.ts';
import { chunks } from '../../core/matching/text/segment.ts';

export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GENERAL =
  `结构 控制 检测 传感器 温度 压力 电机 电路 模块 组件 材料 涂层 薄膜 纤维 复合 催化剂 反应 溶液 颗粒 粉末 合金 陶瓷
聚合物 树脂 电极 芯片 信号 图像 算法 网络 数据 通信 存储 显示 光源 激光 透镜 阀门 泵 管道 轴承 齿轮 刀具 夹具 机械臂 框架 壳体
支架 弹簧 密封 冷却 加热 干燥 过滤 分离 提纯 发酵 培养 检测方法 测量 标定 调节 驱动 传动 输送 包装 喷涂 焊接 切割 成型 注塑
挤出 铸造 锻造 热处理 表面处理 清洗 回收 节能 降噪 减振 防水 防腐 耐磨 高强度 轻量化 智能 自动 远程 无线 低功耗 高精度 稳定性`
    .split(/\s+/)
    .filter(Boolean);

const TEMPLATES = [
  (a: string, b: string, _c: string) => `一种${a}${b}及其制备方法`,
  (a: string, b: string, c: string) => `基于${a}的${b}${c}系统`,
  (a: string, b: string, _c: string) => `一种用于${a}的${b}装置`,
  (a: string, b: string, c: string) => `${a}${b}的${c}方法`,
  (a: string, _b: string, c: string) => `一种${a}${c}结构`,
];
const SENTENCES = [
  (w: string[]) => `本发明公开了一种${w[0]}${w[1]}，包括${w[2]}、${w[3]}和${w[4]}。`,
  (w: string[]) => `所述${w[0]}通过${w[1]}与${w[2]}连接，能够实现${w[3]}的${w[4]}。`,
  (w: string[]) => `该方法采用${w[0]}对${w[1]}进行${w[2]}，提高了${w[3]}的${w[4]}。`,
  (w: string[]) => `与现有技术相比，本发明的${w[0]}具有${w[1]}和${w[2]}的优点，适用于${w[3]}领域。`,
  (w: string[]) => `进一步地，所述${w[0]}设置有${w[1]}，${w[2]}位于${w[3]}的一侧，便于${w[4]}。`,
  (w: string[]) => `实验结果表明，采用${w[0]}后${w[1]}显著改善，${w[2]}降低，${w[3]}得到提升。`,
];

export interface Subclass {
  code: string;
  words: string[];
}

export function subclasses(count = 600): Subclass[] {
  return ipcScheme()
    .entries.filter((e) => e.level === 'subclass' && e.titles.zh)
    .slice(0, count)
    .map((e) => ({
      code: e.code,
      // The subclass's own words: chunks of its Chinese title (e.g. 电池组, 化学能).
      words: [
        ...new Set(
          chunks(e.titles.zh!)
            .map((c) => c.text)
            .filter((w) => [...w].length >= 2 && [...w].length <= 6),
        ),
      ],
    }))
    .filter((s) => s.words.length >= 2);
}

/** Zipf(1) over n ranks: cumulative weights for sampling. */
function zipf(n: number): Float64Array {
  const c = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / (i + 1);
    c[i] = sum;
  }
  for (let i = 0; i < n; i++) c[i]! /= sum;
  return c;
}
function draw(cum: Float64Array, r: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export function generatePatents(n: number, subs: Subclass[], seed = 1): PoolPatent[] {
  const r = rng(seed);
  const cum = zipf(subs.length);
  const out: PoolPatent[] = [];
  for (let i = 0; i < n; i++) {
    const home = subs[draw(cum, r())]!;
    const codes = [code(r, home.code)];
    const extra = r() < 0.5 ? (r() < 0.4 ? 2 : 1) : 0;
    for (let j = 0; j < extra; j++) {
      // secondary codes: often a neighbouring subclass (same class), sometimes anywhere
      const other = r() < 0.6 ? neighbour(r, subs, home) : subs[draw(cum, r())]!;
      codes.push(code(r, other.code));
    }
    const vocab = () => (r() < 0.55 ? pick(r, home.words) : pick(r, GENERAL));
    const title = pick(r, TEMPLATES)(pick(r, home.words), vocab(), pick(r, GENERAL));
    let abstract = '';
    const target = 150 + Math.floor(r() * 150);
    while ([...abstract].length < target)
      abstract += pick(r, SENTENCES)([vocab(), vocab(), vocab(), vocab(), vocab()]);
    out.push({
      id: `p${i}`,
      order: String(i).padStart(7, '0'),
      title,
      abstract: [...abstract].slice(0, 300).join(''),
      ipcCodes: [...new Set(codes)],
      province: `${pick(r, ['11', '31', '32', '33', '37', '42', '44', '51'])}0000`,
    });
  }
  return out;
}

function neighbour(r: () => number, subs: Subclass[], home: Subclass): Subclass {
  const same = subs.filter((s) => s.code.slice(0, 3) === home.code.slice(0, 3));
  return pick(r, same.length > 0 ? same : subs);
}

/** A symbol in the subclass: main groups 1–40 (skewed to low numbers), subgroups of 2–4 digits. */
function code(r: () => number, subclass: string): string {
  const group = 1 + Math.floor(r() * r() * 40);
  const sub = ['00', String(2 + Math.floor(r() * 97)).padStart(2, '0'), String(100 + Math.floor(r() * 900))][
    Math.floor(r() * 3)
  ];
  return `${subclass} ${group}/${sub}`;
}

export function generateEnterprises(n: number, subs: Subclass[], seed = 2): MatchProfile[] {
  const r = rng(seed);
  const cum = zipf(subs.length);
  return Array.from({ length: n }, (_, i) => {
    const home = subs[draw(cum, r())]!;
    const region = `${pick(r, ['11', '31', '32', '33', '37', '42', '44', '51'])}0100`;
    const words = [pick(r, home.words), pick(r, home.words), pick(r, GENERAL)];
    switch (i % 3) {
      case 0:
        return {
          region,
          ipcInterests: r() < 0.5 ? [home.code] : [code(r, home.code).replace(/\/\d+$/, '/00'), home.code],
          keywords: [],
        };
      case 1:
        return { region, ipcInterests: [], keywords: [...new Set(words)] };
      default:
        return {
          region,
          ipcInterests: [],
          keywords: [],
          needs: `我们公司专注于${words[0]}相关产品，希望引进${words[1]}和${words[2]}方面的技术，提高产品质量，降低成本。`,
        };
    }
  });
}
