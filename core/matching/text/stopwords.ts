// Words that say nothing about a technology. A general-purpose IDF ranks filler words of needs prose
// (专注, 希望) and patent boilerplate (本发明, 所述) high, because general text rarely uses them; the
// pool's own IDF and this list together keep them out of queries and reasons.
const ZH = `的 了 和 与 及 或 等 在 对 于 为 以 将 把 被 由 从 向 并 而 其 之 也 都 就 又 还 即 则 但 所 是 有 无
一 一种 一个 一些 一套 多种 多个 若干 各 各种 每 该 此 这 这些 那 那些 本 其中 以及 以便 用于 通过 采用 使用 利用 基于
根据 包括 包含 具有 设有 设置 所述 本发明 本实用新型 本申请 发明 实用新型 公开 提供 涉及 属于 技术领域 领域 方法 装置 系统 及其 其制备
制备方法 技术 方案 进行 实现 能够 可以 可 能 使 使得 从而 因此 所以 如 如下 如上 上述 下述 其他 其它 一方面 另一方面 步骤 特征 在于
所在 相应 分别 至少 以上 以下 之间 之一 现有 解决 问题 效果 有效 提高 提升 降低 减少 增加 改善 优化 良好 较好 较高 较低 高效 简单 方便
我们 我司 公司 企业 本公司 贵 单位 专注 专注于 致力 致力于 希望 需要 需求 寻求 寻找 想 想要 期望 打算 计划 主要 目前 正在 欢迎 合作 引进
关注 相关 方面 例如 比如 譬如 像 时 时候 延长 目前 还是 以及 能够 要求 要 能 接受 考虑 布局 转型 受限 经常 想 想要 计划 建设 问题 技术 工艺 方法 材料 设备 装置 系统 方面 之类 一些 比较 尤其 特别 包括 产品 业务 行业 市场 生产 研发 开发 应用 领域内 用 做 搞 能 会 要 很 非常 更 更加 较 最 新 新型 新的 一体 一体化 多 大 小`;
const EN = `a an the of and or for to in on at by with from as is are be been being this that these those it its
into over under than then such which who whom whose what when where how we our us you your they their them
method methods system systems device devices apparatus use used using based thereof wherein comprising comprises
include includes including provide provides provided invention present disclosed relates related new improved
need needs looking want wants seek company enterprise interested interest focus focused products product`;

export const STOPWORDS: ReadonlySet<string> = new Set(
  [...ZH.split(/\s+/), ...EN.split(/\s+/)].filter(Boolean),
);
