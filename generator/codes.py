"""The diagnostic codes: one stable code per problem, with its meaning and general fix.

This table is the single source for `gkml check` messages' codes and for the handbook's
diagnostic reference. Codes never change meaning once published; retired codes stay listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    severity: Severity
    title_zh: str
    title_en: str
    fix_zh: str
    fix_en: str


_TABLE: tuple[Code, ...] = (
    # -- files and front matter --------------------------------------------------------
    Code(
        "GK001",
        "error",
        "文件不是 UTF-8 编码",
        "file is not UTF-8",
        "用编辑器“另存为”UTF-8 编码，或运行 iconv -f GB18030 -t UTF-8",
        "save it as UTF-8 in the editor (Save As), or run iconv -f GB18030 -t UTF-8",
    ),
    Code(
        "GK002",
        "warning",
        "文件以 BOM 开头",
        "file starts with a byte-order mark",
        "另存为“UTF-8（无 BOM）”",
        "save it as UTF-8 without a byte-order mark (BOM)",
    ),
    Code(
        "GK003",
        "error",
        "缺少前言（front matter）",
        "missing front matter",
        "在文件第一行写 ---，其后写元数据，再以 --- 结束",
        "write --- on the first line, then the metadata, then --- on a line of its own",
    ),
    Code(
        "GK004",
        "error",
        "前言没有结束标记",
        "front matter is not closed",
        "在元数据之后单独一行写 ---",
        "write --- on a line of its own after the metadata",
    ),
    Code(
        "GK005",
        "error",
        "YAML 语法错误",
        "YAML syntax error",
        "检查冒号后是否有半角空格、是否误用全角冒号、含冒号的值是否加了引号",
        "check for a space after each colon, a full-width colon “：”, and quotes around a value that holds a colon",
    ),
    Code(
        "GK006",
        "error",
        "字段重复",
        "duplicate key",
        "删除重复的一行，只保留正确的值",
        "delete the repeated line and keep the right value",
    ),
    Code(
        "GK007",
        "error",
        "前言不是“字段: 值”的列表",
        "front matter is not a mapping",
        "每行写成“字段: 值”",
        "write each line as key: value",
    ),
    Code(
        "GK008",
        "error",
        "未知字段",
        "unknown key",
        "改正字段名，或删除该行",
        "correct the key's name, or delete the line",
    ),
    Code("GK009", "error", "缺少必填字段", "missing required field", "补上该字段", "add the field"),
    Code(
        "GK010",
        "error",
        "字段类型不对",
        "wrong type",
        "按字段说明的格式填写",
        "write the value in the form the field's description gives",
    ),
    Code(
        "GK011",
        "error",
        "同一字段以两个名称出现",
        "field given under two names",
        "英文字段名和中文别名只保留一个",
        "keep either the English key or its Chinese name, not both",
    ),
    Code(
        "GK012",
        "error",
        "文件无法读取",
        "file cannot be read",
        "恢复链接指向的文件，或删去这个链接；没有读取权限时，请管理员开放权限",
        "restore the file the link points to, or delete the link; without permission to read it, ask an administrator",
    ),
    Code(
        "GK013",
        "warning",
        "换行符只有 CR（旧式 Mac）",
        "lines end with CR alone",
        "在编辑器中把换行符改为 LF 或 CRLF 后保存",
        "change the line endings to LF or CRLF in the editor and save",
    ),
    Code(
        "GK014",
        "error",
        "找不到 content 文件夹",
        "no content folder",
        "把信息文件放在与 catalog.yml 同级的 content/ 文件夹中，或用 --site 指定网站目录",
        "put the items in content/ beside catalog.yml, or give the site's folder with --site",
    ),
    Code(
        "GK015",
        "warning",
        "Markdown 文件的扩展名不是 .md",
        "Markdown file not named .md",
        "把扩展名改为小写的 .md（如 通知.MD 改为 通知.md）",
        "rename it with a lower-case .md (通知.MD becomes 通知.md)",
    ),
    Code(
        "GK016",
        "error",
        "文件名中有控制字符",
        "a file name has a control character",
        "给文件改名，去掉换行、制表符等看不见的字符；改名后，正文和附件（attachments）中的链接也要改",
        "rename the file without the line break, tab or other invisible character, and change"
        " the links to it in bodies and attachments",
    ),
    Code(
        "GK017",
        "error",
        "找不到网站标志的文件",
        "the logo's file is not there",
        "把标志图片放进本网站的 templates/assets/ 文件夹，文件名与 site.logo 所写的相同",
        "put the logo's image in the site's templates/assets/ folder, under the name site.logo gives",
    ),
    # -- values ------------------------------------------------------------------------
    Code(
        "GK101",
        "error",
        "日期格式不对",
        "date not in YYYY-MM-DD form",
        "日期写成 YYYY-MM-DD，例如 2024-03-01",
        "write the date as YYYY-MM-DD, e.g. 2024-03-01",
    ),
    Code(
        "GK102",
        "error",
        "日期不存在",
        "no such date",
        "核对日历上的真实日期",
        "check the real date on a calendar",
    ),
    Code(
        "GK103",
        "error",
        "发布日期早于成文日期",
        "published before written",
        "核对成文日期和发布日期",
        "check the written and the published dates",
    ),
    Code(
        "GK104",
        "error",
        "日期晚于今天",
        "date in the future",
        "核对日期；未来的文件不能先发布",
        "check the date: a document cannot be published before its day",
    ),
    Code(
        "GK105",
        "error",
        "取值不在允许范围内",
        "value not allowed",
        "从允许的取值中选一个",
        "choose one of the allowed values",
    ),
    Code(
        "GK106",
        "error",
        "索引号含全角字符",
        "full-width characters in index_no",
        "把全角字符换成半角字符",
        "replace the full-width characters with half-width ones",
    ),
    Code(
        "GK107",
        "error",
        "索引号不符合发布机构的格式",
        "index_no does not match the issuer's pattern",
        "按 catalog.yml 中该发布机构的 index_pattern 填写，或用 gkml new 生成；改过格式的，已发布的索引号不改，把旧格式写进该机构的 former_patterns",
        "follow the issuer's index_pattern in catalog.yml, or let gkml new make the number; after a change of format, published numbers stay: add the old format to the issuer's former_patterns",
    ),
    Code(
        "GK108",
        "error",
        "索引号年份与发布日期不一致",
        "index_no year is not the year of published",
        "索引号中的年份应为发布日期的年份",
        "the year in index_no is the year of the published date",
    ),
    Code(
        "GK109",
        "warning",
        "文号括号不规范",
        "doc_no uses the wrong brackets",
        "年份用六角括号〔〕，例如 示民发〔2024〕12号",
        "write the year in hexagonal brackets 〔〕, e.g. 示民发〔2024〕12号",
    ),
    Code(
        "GK110",
        "error",
        "缺少状态变更日期",
        "status_date missing",
        "失效、废止或已修改的文件须写 status_date（状态变更日期）",
        "an item that is 失效, 废止 or 已修改 needs status_date (the day its status changed)",
    ),
    Code(
        "GK111",
        "error",
        "缺少废止或修改依据",
        "replaced_by missing",
        "废止或已修改的文件须写 replaced_by（废止依据）",
        "an item that is 废止 or 已修改 needs replaced_by (what repealed or amended it)",
    ),
    Code(
        "GK112",
        "error",
        "缺少不公开或依申请公开的说明",
        "reason missing",
        "不予公开须写法律依据；依申请公开须写申请方式",
        "不予公开 needs its legal basis; 依申请公开 needs how to apply",
    ),
    Code(
        "GK113",
        "warning",
        "有效期已过但状态仍为有效",
        "valid_until passed while status is 有效",
        "把效力状态（status）改为 失效，状态变更日期（status_date）写有效期至的次日；"
        "有效期延长了的，改正有效期至（valid_until）",
        "change status to 失效 with status_date the day after valid_until; if the period was"
        " extended, correct valid_until",
    ),
    Code(
        "GK114",
        "error",
        "标题为空或多于一行",
        "title empty or not one line",
        "标题写在一行内",
        "write the title on one line",
    ),
    Code(
        "GK115",
        "error",
        "附件文件不存在",
        "attachment file missing",
        "把附件放到正确位置，或更正 file 路径（相对于本文件）",
        "put the attachment in place, or correct its file path (relative to this file)",
    ),
    Code(
        "GK116",
        "error",
        "附件路径指向仓库之外",
        "attachment outside the repository",
        "把附件复制到 content/ 下，再写相对路径",
        "copy the attachment into content/, then give its relative path",
    ),
    Code(
        "GK117",
        "warning",
        "状态变更日期早于发布日期（早于成文日期时为错误）",
        "status_date before published (an error when before written)",
        "核对状态变更日期",
        "check the status_date",
    ),
    Code(
        "GK118",
        "error",
        "网址格式不对",
        "not a web address",
        "写完整网址，以 http:// 或 https:// 开头",
        "write the whole address, starting with http:// or https://",
    ),
    Code(
        "GK119",
        "warning",
        "正文链接的文件不存在",
        "body links to a missing file",
        "核对文件名和路径（相对于写这个链接的文件所在的文件夹），或把文件放到该位置",
        "check the file name and path (relative to the folder of the file with the link), or put "
        "the file there",
    ),
    Code(
        "GK120",
        "warning",
        "正文的加粗标记没有生效",
        "bold markers shown as asterisks",
        "星号要成对；星号一侧紧挨英文字母或数字、另一侧是标点（如 APP**“某某”**）时，"
        "在星号外侧加一个空格",
        "asterisks come in pairs; where one side touches a letter or digit and the other punctuation (APP**“某某”**), put a space outside the asterisks",
    ),
    Code(
        "GK121",
        "error",
        "附件在以 . 开头的隐藏文件夹或文件中",
        "attachment in a hidden folder or file",
        "把文件放到 content/ 下名称不以 . 开头的文件夹中（如 content/2024/files/），再写相对路径",
        "put the file in a folder under content/ whose name does not start with . (such as content/2024/files/), then give its relative path",
    ),
    Code(
        "GK122",
        "warning",
        "文字中有不可见的方向控制字符",
        "invisible direction control in the text",
        "在编辑器中显示不可见字符后删去，或重新输入这一行",
        "show invisible characters in the editor and delete it, or type the line again",
    ),
    Code(
        "GK123",
        "error",  # a warning let an unwritten item through the check and onto the site
        "信息尚未写完（占位文字或示例标题）",
        "item not written yet (stand-in text)",
        "把 gkml new 写入的占位文字换成正文，写出完整的标题",
        "replace the stand-in text gkml new wrote with the body, and write the whole title",
    ),
    Code(
        "GK124",
        "warning",
        "主动公开的信息写了不予公开理由或申请方式",
        "a 主动公开 item has a reason",
        "删去不予公开理由（reason）一行（公开属性改回主动公开时留下的）；删减后公开的，"
        "公开属性写 部分公开",
        "delete reason (left from before the item became 主动公开); if parts were taken out before publishing, set disclosure to 部分公开",
    ),
    Code(
        "GK125",
        "warning",
        "表格的表头有空格子",
        "a table's header row has an empty cell",
        "在表头（第一行）的每一格写上这一列的名称；表格的总标题（如 第二十条第（一）项）"
        "写在表格上方的一行文字中",
        "name each column in the header row (the first); put the table's own title (such as"
        " 第二十条第（一）项) in a line of text above the table",
    ),
    Code(
        "GK126",
        "error",
        "附件是网站的源文件",
        "an attachment is a source file of the site",
        "附件应是 PDF、Word、表格等文件；条目的 .md 源文件和 catalog.yml 不能作为附件",
        "attach a document (PDF, Word, a spreadsheet); an item's .md source and catalog.yml cannot be attachments",
    ),
    Code(
        "GK127",
        "warning",
        "年度报告表三的数不平",
        "an annual report's table 三 does not balance",
        "核对表三：本年新收加上年结转，应等于总计（本年办结）加结转下年度继续办理",
        "check table 三: the requests received this year plus those carried in must equal the total settled plus those carried into next year",
    ),
    Code(
        "GK128",
        "error",
        "content/static/ 中的文件与 gkml 生成的文件同名",
        "a file of content/static/ has the name of a file gkml writes",
        "给它改名，或放进另一个文件夹：content/static/ 中的文件原样发布到网站根目录，"
        "不能用 index.html、search.html、robots.txt、assets/、items/ 等 gkml 自己生成的名称",
        "rename it or move it into another folder: content/static/ is published at the site's"
        " root, where gkml writes index.html, search.html, robots.txt, assets/, items/ and others",
    ),
    Code(
        "GK129",
        "warning",
        "content/static/ 中的文件不会发布",
        "a file of content/static/ is not published",
        "Markdown 文件写成信息或页面放在 content/ 的其他地方；符号链接换成要发布的文件本身"
        "（确认它可以公开）",
        "put a Markdown file elsewhere in content/ as an item or a page; replace a symbolic link"
        " with the file itself (once sure it may be public)",
    ),
    Code(
        "GK130",
        "warning",
        "content/static/ 中的文件改名发布",
        "a file of content/static/ is published under another name",
        '名称中的 % : * ? " < > | \\ 发布时写成全角，过长的名称缩短，Windows 保留的名称（如 con）'
        "后加 _；需要原名（如搜索引擎的验证文件）时，把文件改成不含这些字符的短名称",
        '% : * ? " < > | \\ are published full-width, long names are shortened and names'
        " Windows reserves (con) get a _; where the name itself matters (a verification file),"
        " rename the file without them",
    ),
    Code(
        "GK131",
        "warning",
        "值中的 # 被当作注释，后面的文字丢失",
        "a # in a value starts a comment: the rest of the value is lost",
        "把整个值用引号括起来，或去掉 # 前面的空格",
        "put the whole value in quotes, or take out the space before #",
    ),
    Code(
        "GK132",
        "warning",
        "缩进的段落显示为代码框",
        "an indented paragraph shows as a code box",
        "删去段首的 Tab 或空格；需要首行缩进时，用两个全角空格（　　）",
        "take out the tab or spaces at the start; for a first-line indent, use two "
        "full-width spaces (　　)",
    ),
    Code(
        "GK133",
        "warning",
        "正文的图片在其他网站，不会显示",
        "the body's image is on another website and is not shown",
        "把图片下载到本文件旁的文件夹（如 files/），地址改为相对地址（如 files/图1.png）",
        "download the image into a folder beside this file (such as files/) and change its "
        "address to a relative one (such as files/图1.png)",
    ),
    Code(
        "GK134",
        "warning",
        "链接的地址是脚本（javascript:）",
        "a link's address is a script (javascript:)",
        "写出要打开的真实网址（https://…）或文件，或删去这个链接",
        "write the real address to open (https://...) or a file, or take the link out",
    ),
    Code(
        "GK135",
        "warning",
        "地址以 / 开头",
        "an address starts with /",
        "本站的文件写相对地址（相对于本文件所在的文件夹）；单位网站的其他页面写完整网址 https://…",
        "for the site's own files, write the address relative to this file's folder; for "
        "another page of the bureau's website, write the full address https://...",
    ),
    Code(
        "GK136",
        "warning",
        "部分公开没有说明",
        "a 部分公开 item has no reason",
        "在 reason（不予公开理由）中写明哪些内容未公开及依据，页面的“部分公开说明”中会显示",
        "write in reason what was left out and why; the page shows it as 部分公开说明",
    ),
    Code(
        "GK137",
        "warning",
        "转载来源没有转载日期",
        "source has no date",
        "在转载来源（source）中加一行 date: YYYY-MM-DD（转载的日期）",
        "add a line date: YYYY-MM-DD (the day of the reprint) inside source",
    ),
    Code(
        "GK138",
        "error",
        "有效期至早于施行日期",
        "valid_until is before valid_from",
        "核对 施行日期 valid_from 和 有效期至 valid_until，改正写错的那个",
        "check valid_from and valid_until and correct the wrong one",
    ),
    Code(
        "GK139",
        "warning",
        "网页、SVG、XML 或脚本文件会在本站运行",
        "a web page, SVG or script file runs on the site",
        "确认文件来源可信、确有必要；网页可改为 PDF，SVG 图片可改为 PNG",
        "make sure the file is trusted and needed; a web page can be a PDF instead, an SVG "
        "image a PNG",
    ),
    Code(
        "GK140",
        "warning",
        "文号中有空格或“第”字",
        "doc_no has a space or 第",
        "删去文号中的空格和序号前的“第”，例如 示民发〔2024〕12号",
        "take out the spaces, and 第 before the number, e.g. 示民发〔2024〕12号",
    ),
    Code(
        "GK141",
        "warning",
        "附件或链接的文件是可执行程序",
        "an attached or linked file is a program",
        "政府信息公开不发布程序文件：删去它，或改为 PDF 等文档；软件请链接到官方下载页面",
        "a disclosure catalog publishes documents, not programs: take it out, or give a PDF or "
        "other document; for software, link to its official download page",
    ),
    Code(
        "GK142",
        "warning",
        "HTML 表格没有表头",
        "an HTML table has no header cells",
        "把表头一行（列名所在的一行）的 <td> 改为 <th>，如 <th>信息内容</th>；"
        "表格的总标题写在表格上方的一行文字中。也可以把表格改写成 Markdown 表格，它的第一行就是表头",
        "change the <td> of the row of column names to <th>, as in <th>信息内容</th>; put the"
        " table's own title in a line above it. Or write the table as a Markdown table, whose"
        " first row is its header",
    ),
    Code(
        "GK143",
        "warning",
        "标题中有多余的空白或看不见的字符",
        "the title has a full-width, no-break or repeated space, or an invisible character",
        "删去这些空白和字符（从 Word 或旧网站复制时带来的）；英文单词或数字之间留一个普通空格",
        "delete the spaces (copied from Word or an old website); leave one plain space between"
        " Latin words or numbers",
    ),
    Code(
        "GK144",
        "warning",
        "链接向上超出了网站",
        "a link climbs above the site",
        "链接本站的网页时，从网页所在位置数层级：固定页面（content/pages/）中写 ../index.html，"
        "信息中写 ../../index.html；链接其他网站写完整网址（https://…）",
        "count the levels from where the page is: ../index.html in a free page (content/pages/),"
        " ../../index.html in an item; link another website by its full address (https://…)",
    ),
    Code(
        "GK145",
        "warning",
        "现行有效的文件写了状态变更日期或废止依据",
        "a document in force has a status_date or replaced_by",
        "更正误废止时，把状态变更日期（status_date）和废止依据（replaced_by）两行一并删去，"
        "加一行更正日期（corrected，改正的那一天）；"
        "要在以后某一天废止，效力状态写 status: 废止，状态变更日期写那一天，到那天才生效",
        "when correcting a mistaken repeal, delete the status_date and replaced_by lines too"
        " and add corrected (the day of the correction);"
        " for a repeal on a later day, write status: 废止 with that day's status_date: it"
        " takes effect on the day",
    ),
    Code(
        "GK146",
        "warning",
        "文号写了“无”",
        "doc_no says there is none",
        "没有文号时删去 doc_no 这一行",
        "with no 文号, delete the doc_no line",
    ),
    Code(
        "GK147",
        "warning",
        "此前修改与效力状态不符",
        "an earlier amendment does not fit the status",
        "此前修改（amendments）只记最近一次变化之前的修改，日期早于状态变更日期"
        "（status_date）；最近一次写在效力状态（status）、状态变更日期和废止依据（replaced_by）中",
        "amendments keeps the amendments before the latest change, dated before status_date;"
        " the latest is status, status_date and replaced_by",
    ),
    Code(
        "GK148",
        "warning",
        "状态变更日期早于施行日期",
        "status_date is before valid_from",
        "核对状态变更日期（status_date）和施行日期（valid_from）：失效、废止或修改通常在施行之后",
        "check status_date and valid_from: a document usually ends or changes after it applies",
    ),
    Code(
        "GK149",
        "warning",
        "值中有看不见的零宽字符",
        "a value holds an invisible zero-width character",
        "在编辑器中显示不可见字符后删去它，或重新输入这个值（多为从网页或聊天软件复制时带来的）",
        "show invisible characters in the editor and delete it, or type the value again (it"
        " often comes with text copied from a web page or a chat)",
    ),
    Code(
        "GK150",
        "warning",
        "正文的图片或链接是编辑者电脑或单位内网上的文件",
        "the body's image or link is a file on the editor's own computer or office network",
        "把文件复制到本文件旁的文件夹（如 files/），地址改为相对地址（如 files/图1.png）；"
        "Word 中的图片先另存为图片文件",
        "copy the file into a folder beside this file (such as files/) and write its relative"
        " address (such as files/图1.png); save a picture in a Word document as an image file"
        " first",
    ),
    Code(
        "GK151",
        "warning",
        "正文的图片没有替代文本",
        "a body's image has no text alternative",
        "在图片的方括号（或 <img> 的 alt）中写上图中内容的简短说明，如 ![办理流程图](files/liucheng.png)；"
        "只作装饰的图片不必放进正文",
        "write what the image shows between its brackets (or in the <img> tag's alt), such as"
        " ![办理流程图](files/liucheng.png); a picture that only decorates does not belong in a"
        " body",
    ),
    Code(
        "GK152",
        "warning",
        "更正日期早于发布日期",
        "corrected before published",
        "写改正的那一天（今天或更早，不早于发布日期）；没有更正过的，删去更正日期（corrected）一行",
        "write the day of the correction (today or earlier, not before published); delete the"
        " corrected line of an item never corrected",
    ),
    # -- across files ------------------------------------------------------------------
    Code(
        "GK201",
        "error",
        "索引号重复",
        "duplicate index_no",
        "索引号必须唯一：改正其中一个（gkml new 会给出下一个空号）",
        "an index number must be unique: correct one of them (gkml new gives the next free number)",
    ),
    Code(
        "GK202",
        "error",
        "解读对象不存在",
        "interprets points at nothing",
        "写被解读政策文件的索引号",
        "give the index number of the policy it interprets",
    ),
    Code(
        "GK203",
        "warning",
        "相关文件不是本站的文件",
        "related is not an item of the site",
        "核对索引号；本站以外的文件不会列在“相关文件”中，确需提及的，在正文中写明",
        "check the index number; a document outside the site is not listed under 相关文件: name it in the body if it matters",
    ),
    Code(
        "GK204",
        "error",
        "废止或修改依据的索引号不存在",
        "replaced_by index_no not found",
        "写本站文件的索引号；站外文件请写书名号标题，如《示例省社会救助条例》",
        "give the index number of an item of this site; for a document elsewhere, write its title in 书名号, such as 《示例省社会救助条例》",
    ),
    Code(
        "GK205",
        "error",
        "栏目不存在",
        "unknown category",
        "使用 catalog.yml 中 catalog 的 key",
        "use a key of catalog in catalog.yml",
    ),
    Code(
        "GK206",
        "error",
        "发布机构不存在",
        "unknown issuer",
        "使用 catalog.yml 中 issuers 的 name；机构撤并、改名后，已发布信息的发布机构不改：把原机构留在 issuers 中",
        "use a name of issuers in catalog.yml; after a reorganisation, published items keep their issuer: keep the former one in issuers",
    ),
    Code(
        "GK207",
        "error",
        "主题分类不存在",
        "unknown topic",
        "使用 catalog.yml 中 topics 列出的词（主题分类）",
        "use a word of topics in catalog.yml",
    ),
    Code(
        "GK208",
        "warning",
        "发布超过规定时限",
        "published later than the rule allows",
        "按时发布；已经超时的，在超时发布说明（late_reason）中写明原因（不在网站上显示），警告随即消除",
        "publish on time; for an item already late, give the reason in late_reason (not shown on the site), which clears the warning",
    ),
    Code(
        "GK209",
        "error",
        "解读或替代对象是本文件自身",
        "item interprets or replaces itself",
        "写另一份文件的索引号",
        "give the index number of another document",
    ),
    Code(
        "GK210",
        "error",
        "公开正文链接到不公开信息的附件",
        "a public body links to the attachment of a non-public item",
        "两条信息各有一份同名的不同文件（如都叫 附件1.pdf）的，把本信息的文件放进它自己的文件夹，改正"
        "链接；否则删除这个链接；确需公开该文件的，先经保密审查，从那条信息的附件（attachments）中移出，再列入"
        "本信息的 attachments",
        "where each item has a different file of the same name (both 附件1.pdf), put this item's "
        "in a folder of its own and correct the link; else delete the link; if the file must be "
        "public, have it reviewed for secrets first, take it out of the other item's "
        "attachments, then list it in this item's",
    ),
    Code(
        "GK211",
        "warning",
        "写了超时发布说明，但发布并未超时",
        "late_reason given, but the item was not published late",
        "删去超时发布说明（late_reason）一行（或核对成文日期和发布日期）",
        "delete late_reason (or check the written and published dates)",
    ),
    Code(
        "GK212",
        "error",
        "两个索引号的网页是同一个文件",
        "two index numbers have the same page file",
        "两个索引号只差在斜杠与横线（/ 与 -）或字母大小写：核对是否写错了一个；确是两个不同的号，"
        "请网站维护人员调整其中一个发布机构的索引号格式",
        "the two differ only in / against - or in letter case: check whether one is mistyped;"
        " if both are right, ask the site's maintainer to change one issuer's index_no format",
    ),
    Code(
        "GK213",
        "warning",
        "引用了不予公开的文件",
        "refers to a 不予公开 item",
        "网站不列出不予公开的文件（rules.list_withheld_items），这一引用不会显示；确需说明的，在正文中用文字交代",
        "the site does not list 不予公开 items (rules.list_withheld_items), so the reference is left out; explain in the body if it matters",
    ),
    Code(
        "GK214",
        "error",
        "两个文件发布后是同一个文件名",
        "two files would be published under one name",
        "改一个文件的名字，并改正引用它的地方：只差在字母大小写的两个名字，在 Windows 和光盘上是同一个"
        '文件；% : * ? " < > | \\ 发布时写成全角，只差在这些字符全角半角的两个名字在网站上也是同一个文件',
        "rename one of the files, and the links to it: names that differ only in letter case are one"
        ' file on Windows and on a disc; % : * ? " < > | \\ are published in their full-width forms,'
        " so names that differ only there are one file on the web too",
    ),
    Code(
        "GK215",
        "warning",
        "正文链接到没有网页的 Markdown 文件",
        "a body links to a Markdown file that has no page",
        "删除这个链接，或改为写出文件名称和索引号（依申请公开的信息，读者按依申请公开页面申请）",
        "delete the link, or name the item and its index_no in words (an item published on"
        " request is applied for as the 依申请公开 page says)",
    ),
    Code(
        "GK216",
        "error",
        "附件也是不公开信息的附件",
        "an attachment is also the attachment of a non-public item",
        "两条信息各有一份同名的不同文件（如都叫 附件1.pdf）的，把本信息的文件放进它自己的文件夹，改正"
        " file；否则从本信息的 attachments 中删去它；确需公开的，先经保密审查，从那条信息的 attachments"
        " 中移出，或另存一份经过删减的文件作为本信息的附件",
        "where each item has a different file of the same name (both 附件1.pdf), put this "
        "item's in a folder of its own and correct file; else delete it from this item's "
        "attachments; if it must be public, have it reviewed for secrets first, then take it out "
        "of the other item's attachments, or attach a redacted copy under another name",
    ),
    Code(
        "GK217",
        "warning",
        "链接的页内位置在那个网页上不存在",
        "a link names a place that its page does not have",
        "位置写作 # 加标题的文字（去掉标点和空格），例如 #二工作要求；或去掉 # 及其后的部分",
        "write the place as # and the heading's text without punctuation or spaces, e.g. "
        "#二工作要求; or drop the # and what follows it",
    ),
    Code(
        "GK218",
        "warning",
        "解读早于它解读的政策文件发布",
        "an interpretation is published before its policy",
        "核对两条信息的发布日期：解读与政策文件同日或在其后发布",
        "check both items' publication dates: an interpretation comes out with its policy or "
        "after it",
    ),
    Code(
        "GK219",
        "warning",
        "两条信息的文号相同",
        "two items have the same doc_no",
        "核对文号：一份文件只发布为一条信息（附件列在 attachments 中），不同的文件各有自己的文号",
        "check the doc_no: one document is one item (its annexes in attachments); different "
        "documents have their own numbers",
    ),
    Code(
        "GK220",
        "warning",
        "年度报告表二的数与目录算出的不同",
        "an annual report's table 二 differs from the catalog's figures",
        "运行 gkml report annual --year 年份，核对规章、行政规范性文件的制发、废止和现行有效件数，"
        "改正报告或目录中错的一方",
        "run gkml report annual --year YEAR and compare the issued, repealed and in-force counts;"
        " correct the report or the catalog, whichever is wrong",
    ),
    Code(
        "GK221",
        "warning",
        "年度报告的上年结转与上一年报告的结转下年度不同",
        "an annual report's 上年结转 differs from last year's 结转下年度",
        "核对表三：二、上年结转 应等于上一年度报告表三的 四、结转下年度继续办理",
        "check table 三: 二、上年结转 must equal last year's report's 四、结转下年度继续办理",
    ),
    Code(
        "GK222",
        "warning",
        "同一年度有两份有效的年度报告",
        "two annual reports in force for one year",
        "一年只发布一份年度报告；更正时，把原来一份的效力状态（status）改为 失效，写状态变更日期（status_date）和 "
        "废止依据（replaced_by，新的一份的索引号），或删去重复的一份",
        "publish one report a year; to correct one, set the first to status: 失效 with"
        " status_date and replaced_by (the new one's index_no), or delete the duplicate",
    ),
    Code(
        "GK223",
        "warning",
        "年度报告不在年度报告栏目中",
        "an annual report is outside the annual-report column",
        "把 category 改为年度报告栏目的 key",
        "set category to the annual-report column's key",
    ),
    Code(
        "GK224",
        "warning",
        "年度报告所报年度的目录数据核对不一致",
        "the catalog's figures for a report's year do not reconcile",
        "运行 gkml report annual --year 年份 查看原因，改正目录中的信息或 annual_report.reported 的数",
        "run gkml report annual --year YEAR for the cause; correct the items or"
        " annual_report.reported",
    ),
    Code(
        "GK225",
        "warning",
        "年度报告缺少全国统一格式的部分",
        "an annual report lacks parts of the national form",
        "按 2021 年全国统一格式写齐六个部分：一、总体情况；二、主动公开政府信息情况；"
        "三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；"
        "五、存在的主要问题及改进情况；六、其他需要报告的事项（没有的写“无”）",
        "write the national form's six parts (一 … 六); a part with nothing to report says 无",
    ),
    Code(
        "GK226",
        "warning",
        "废止依据写了本站文件的文号或标题",
        "replaced_by gives a site document's 文号 or title",
        "写那份文件的索引号：网站才会链接过去，那份文件的页面也才列出本文件",
        "write that document's index number: only then does the site link to it and its page"
        " list this one",
    ),
    Code(
        "GK227",
        "warning",
        "废止依据形成循环",
        "replaced_by goes round in a circle",
        "每份文件的废止依据（replaced_by）写废止或修改它的那份新文件；新文件本身有效时不写废止依据",
        "each document's replaced_by names the newer one that repealed or amended it; a"
        " document in force has none",
    ),
    Code(
        "GK228",
        "warning",
        "废止依据发布在废止之后",
        "the document named in replaced_by was published after the status_date",
        "核对两个日期：状态变更日期（status_date）写废止、修改或失效生效的那天，通常不早于新文件的发布日期",
        "check both dates: status_date is the day the repeal, amendment or expiry took effect,"
        " usually not before the new document was published",
    ),
    # -- personal data -----------------------------------------------------------------
    Code(
        "GK301",
        "error",
        "含居民身份证号码",
        "resident ID number in a public item",
        "去标识化：改为掩码形式；确需公开的，在 privacy_allow（允许公开的个人信息）中写明原文和理由",
        "de-identify it (mask the number); if it must be public, add the text and the reason to privacy_allow",
    ),
    Code(
        "GK302",
        "error",
        "含手机号码",
        "mobile number in a public item",
        "去标识化：改为掩码形式或办公电话；确需公开的，在 privacy_allow（允许公开的个人信息）中写明原文和理由",
        "de-identify it (mask it, or give an office number); if it must be public, add the text and the reason to privacy_allow",
    ),
    Code(
        "GK303",
        "error",
        "含银行卡号",
        "bank card number in a public item",
        "去标识化：改为掩码形式；确需公开的，在 privacy_allow（允许公开的个人信息）中写明原文和理由",
        "de-identify it (mask the number); if it must be public, add the text and the reason to privacy_allow",
    ),
    Code(
        "GK304",
        "warning",
        "privacy_allow（允许公开的个人信息）中的文字未出现在文件中",
        "privacy_allow text not found",
        "删除不再需要的 privacy_allow（允许公开的个人信息）条目；号码在文中另有写法的（加了空格、横线），把 text 改成与文中完全一致",
        "delete the privacy_allow entry that is no longer needed; if the number is written differently (spaces, dashes), copy it into text exactly as printed",
    ),
    Code(
        "GK305",
        "warning",
        "疑似居民身份证号码（校验位不符，可能输错了一位）",
        "what looks like a resident ID number with a wrong check character",
        "核对号码：是身份证号码的，去标识化；不是的，在 privacy_allow（允许公开的个人信息）中写明原文和理由",
        "check the number: de-identify an ID number; otherwise add the text and the reason to privacy_allow",
    ),
    Code(
        "GK306",
        "warning",
        "疑似银行账号",
        "what looks like a bank account number",
        "个人的账号去标识化（只留前 4 位和后 4 位）；单位的对公账号等可以公开的，在 privacy_allow"
        "（允许公开的个人信息）中写明原文和理由",
        "de-identify a person's account (keep the first 4 and last 4 digits); for one that may "
        "be public, such as an office's own account, add the text and the reason to "
        "privacy_allow",
    ),
    # -- catalog.yml -------------------------------------------------------------------
    Code(
        "GK401",
        "error",
        "找不到 catalog.yml",
        "catalog.yml not found",
        "在网站根目录放置 catalog.yml，或用 --site 指定网站目录",
        "put catalog.yml in the site's folder, or give the site's folder with --site",
    ),
    Code(
        "GK402",
        "error",
        "catalog.yml 语法错误",
        "catalog.yml syntax error",
        "检查冒号、缩进和引号",
        "check the colons, the indentation and the quotes",
    ),
    Code(
        "GK403",
        "error",
        "catalog.yml 中的未知设置",
        "unknown setting in catalog.yml",
        "改正设置名，或删除该行",
        "correct the setting's name, or delete the line",
    ),
    Code(
        "GK404",
        "error",
        "catalog.yml 缺少必填设置",
        "required setting missing",
        "补上该设置",
        "add the setting",
    ),
    Code(
        "GK405",
        "error",
        "catalog.yml 设置类型不对",
        "wrong type in catalog.yml",
        "按设置说明的格式填写",
        "write the value in the form the setting's description gives",
    ),
    Code(
        "GK406",
        "error",
        "栏目 key 重复",
        "duplicate catalog key",
        "每个栏目的 key 必须唯一",
        "each column's key must be unique",
    ),
    Code(
        "GK407",
        "error",
        "索引号格式 index_pattern 无法生成索引号",
        "index_pattern cannot produce an index number",
        "只用 {code}、{year}、{serial:05d} 三个占位符，且须包含 {serial}",
        "use only the placeholders {code}, {year} and {serial:05d}, and include {serial}",
    ),
    Code(
        "GK408",
        "error",
        "发布机构重复",
        "duplicate issuer",
        "每个发布机构的 name 和 code 必须唯一",
        "each issuer's name and code must be unique",
    ),
    Code(
        "GK409",
        "error",
        "catalog.yml 中设置重复",
        "duplicate key in catalog.yml",
        "删除重复的一行",
        "delete the repeated line",
    ),
    Code(
        "GK410",
        "error",
        "主题词重复",
        "duplicate topic",
        "删除重复的主题词",
        "delete the repeated topic",
    ),
    Code(
        "GK411",
        "warning",
        "catalog.yml 还是 gkml init 写入的示例设置",
        "catalog.yml still holds the sample settings",
        "逐项改成本单位的，然后删去第一行的 “# gkml init：……”",
        "change each setting to your office's, then delete the first line, “# gkml init：……”",
    ),
    Code(
        "GK412",
        "warning",
        "site.traditional_fixes 的一条不起作用或印错字",
        "a traditional_fixes entry that does nothing, or prints the wrong characters",
        "左边写标题和正文里的简体词，右边写繁体版该印的繁体字，例如 困难: 困難",
        "write the simplified phrase as titles and bodies have it on the left, the traditional "
        "form the 繁體 edition should print on the right, e.g. 困难: 困難",
    ),
    Code(
        "GK413",
        "warning",
        "页脚的两个链接网址或文字相同",
        "two footer links have the same address or text",
        "删除重复的一项；两项确实不同的，把文字写得能区分它们",
        "delete the repeated one; if the two differ, write texts that tell them apart",
    ),
    Code(
        "GK414",
        "error",
        "两个发布机构的 code 只差在斜杠与横线或大小写",
        "two issuers' codes differ only in / and - or in case",
        "改正其中一个 code，使两个 code 的字母、数字不同（code 用于索引号和发布机构页面的网址）",
        "correct one of the codes so that their letters or digits differ (the code makes the"
        " index numbers and the issuer page's address)",
    ),
    # -- free pages --------------------------------------------------------------------
    Code(
        "GK501",
        "error",
        "页面 slug 不合规",
        "invalid page slug",
        "slug 只用小写字母、数字和连字符，例如 gkzn",
        "use only lower-case letters, digits and hyphens in slug, e.g. gkzn",
    ),
    Code(
        "GK502",
        "error",
        "页面 slug 重复",
        "duplicate page slug",
        "每个页面的 slug 必须唯一",
        "each page's slug must be unique",
    ),
    Code(
        "GK503",
        "error",
        "固定页面中含个人信息（身份证号码、手机号码、银行卡号）",
        "personal data in a free page",
        "去标识化，或改用办公电话；确需公开的，在 privacy_allow（允许公开的个人信息）中写明原文和理由",
        "de-identify it, or give an office number; if it must be public, add the text and the reason to privacy_allow",
    ),
    Code(
        "GK504",
        "warning",
        "页面还是 gkml init 写入的示例",
        "the page is still the sample",
        "按本单位的实际情况改写，然后删去 “# gkml init：……” 这一行",
        "rewrite it for your office, then delete the line “# gkml init：……”",
    ),
)

CODES: dict[str, Code] = {c.code: c for c in _TABLE}


def all_codes() -> tuple[Code, ...]:
    """Return every diagnostic code in code order."""
    return tuple(sorted(_TABLE, key=lambda c: c.code))
