/**
 * Surnames for the synthetic NPI registry file (bench/nppes.ts): about 2,100 real surnames of the
 * many origins US physicians have, the first few hundred in the rough order of the US Census
 * frequency list (so a Zipf-like weight by position makes SMITH and JOHNSON the common ones), and a
 * syllable generator for the long tail of rare names that no list holds. A text search over this
 * file then behaves as one over the real registry: a typo of a surname matches tens or hundreds of
 * rows, not a twentieth of the file.
 */
export const SURNAMES: readonly string[] = `
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson
anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez
lewis robinson walker young allen king wright scott torres nguyen hill flores green adams
nelson baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker
cruz edwards collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper
peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood
james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross
foster jimenez powell jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher
vasquez simmons romero jordan patterson alexander hamilton graham reynolds griffin wallace moreno west cole
hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford castro marshall owens
harrison fernandez mcdonald woods washington kennedy wells vargas henry chen freeman webb tucker guzman
burns crawford olson simpson porter hunter gordon mendez silva shaw snyder mason dixon munoz
hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox warren mills
meyer rice schmidt garza daniels ferguson nichols stephens soto weaver ryan gardner payne grant
dunn kelley spencer hawkins arnold pierce vazquez hansen peters santos hart bradley knight elliott
cunningham duncan armstrong hudson carroll lane riley andrews alvarado ray delgado berry perkins hoffman
johnston matthews pena richards contreras willis carpenter lawrence sandoval guerrero george chapman rios estrada
ortega watkins greene nunez wheeler valdez harper burke larson santiago maldonado morrison franklin carlson
austin dominguez carr lawson jacobs obrien lynch singh vega bishop montgomery oliver jensen harvey
williamson gilbert dean sims espinoza howell li wong reid hanson le mccoy garrett burton
fuller wang weber welch rojas lucas marquez fields park yang little banks padilla day
walsh bowman schultz luna fowler mejia davidson acosta brewer may holland juarez newman pearson
curtis cortez douglas schneider joseph barrett navarro figueroa keller avila wade molina stanley hopkins
campos barnett bates chambers caldwell beck lambert miranda byrd craig ayala lowe frazier powers
neal leonard gregory carrillo sutton fleming rhodes shelton schwartz norris jennings watts duran walters
cohen mcdaniel moran parks steele vaughn becker holt deleon barker terry hale leon hail
benson haynes horton miles lyons pham graves bush thornton wolfe warner cabrera mckinney mann
zimmerman dawson lara fletcher page mccarthy love robles cervantes solis erickson reeves chang klein
salinas fuentes baldwin daniel simon velasquez hardy higgins aguirre lin cummings chandler sharp barber
bowen ochoa dennis robbins liu ramsey francis griffith paul blair oconnor cardenas pacheco cross
calderon quinn moss swanson chan rivas khan rodgers serrano fitzgerald rosales stevenson christensen manning
gill curry mclaughlin harmon mcgee gross doyle garner newton burgess reese walton blake trujillo
adkins brady goodman roman webster goodwin fischer huang potter delacruz montoya todd wu hines
mullins castaneda malone cannon tate mack sherman hubbard hodges zhang guerra wolf valencia saunders
franco rowe gallagher farmer hammond hampton townsend ingram wise gallegos clarke barton schroeder maxwell
waters logan camacho strickland norman person colon parsons frank harrington glover osborne buchanan casey
floyd patton ibarra ball tyler suarez bowers orozco salas cobb gibbs andrade bauer conner
moody escobar mcguire lloyd mueller hartman french kramer mcbride pope lindsey velazquez norton mccormick
sparks flynn yates hogan marsh macias villanueva zamora pratt stokes owen ballard lang brock
villarreal charles drake barrera cain patrick pineda burnett mercado santana shepherd bautista ali shaffer
lamb trevino mckenzie hess beil olsen cochran morton nash wilkins petersen briggs shah roth
nicholson holloway lozano rangel flowers hoover short arias mora valenzuela bryan meyers weiss underwood
bass greer summers houston carson morrow clayton whitaker decker yoder collier zuniga carey wilcox
melendez poole roberson larsen conley davenport copeland massey lam huff rocha cameron jefferson hood
monroe anthony pittman huynh randall singleton kirk combs mathis christian skinner bradford richard galvan
wall boone kirby wilkinson bridges bruce atkinson velez meza roy vincent york hodge villa
abbott allison tapia gates chase sosa sweeney farrell wyatt dalton horn barron phelps yu
dickerson heath foley atkins mathews bonilla acevedo benitez zavala hensley glenn cisneros harrell shields
rubio huffman choi boyer garrison arroyo bond kane hancock callahan dillon cline wiggins grimes
arellano melton oneill savage ho beltran pitts parrish ponce rich booth koch golden ware
brennan mcdowell marks cantu humphrey baxter sawyer clay tanner hutchinson kaur berg wiley gilmore
russo villegas hobbs keith wilkerson ahmed beard mcclain montes mata rosario vang walter henson
oneal mosley mcclure beasley stephenson snow huerta preston vance barry johns eaton blackwell dyer
prince macdonald solomon guevara stafford english hurst woodard cortes shannon kemp nolan mccullough merritt
murillo moon salgado strong kline cordova barajas roach rosas winters jacobson lester knox bullock
kerr leach meadows orr davila whitehead pruitt kent conway mckee barr david dejesus marin
berger mcintyre blankenship gaines palacios cuevas bartlett durham dorsey mccall odonnell stein browning stout
lowery sloan mclean hendricks calhoun sexton chung gentry hull duarte ellison nielsen gillespie buck
middleton sellers leblanc esparza hardin bradshaw mcintosh howe livingston frost glass morse knapp herman
stark bravo noble spears weeks corona frederick buckley mcfarland hebert enriquez hickman quintero randolph
schaefer walls trejo house reilly pennington michael conrad giles benjamin crosby fitzpatrick donovan mays
mahoney valentine raymond medrano hahn mcmillan small bentley felix peck lucero boyle hanna pace
rush hurley harding mcconnell bernal nava ayers everett ventura avery pugh mayer bender shepard
mcmahon landry case sampson moses magana blackburn dunlap gould duffy vaughan herring mckay espinosa
rivers farley bernard ashley friedman potts truong costa correa blevins nixon clements fry delarosa
best benton lugo portillo dougherty crane haley phan villalobos blanchard horne finley quintana lynn
esquivel bean dodson mullen xiong hayden cano levy huber richmond moyer lim frye sheppard
mccarty avalos booker waller parra woodward jaramillo krueger rasmussen brandt peralta donaldson stuart faulkner
maynard galindo coffey estes sanford burch maddox vo oconnell vu andersen spence mcpherson church
schmitt stanton leal cherry compton dudley sierra pollard alfaro hester proctor lu hinton novak
good madden mccann terrell jarvis dickson reyna cantrell mayo branch hendrix rollins rowland whitney
duke odom daugherty travis tang archer gonsalves sokolov kowalski novotny horvath nowak wisniewski kowalczyk
kaminski lewandowski zielinski szymanski wozniak dabrowski kozlowski jankowski mazur kwiatkowski krawczyk piotrowski grabowski pawlowski
michalski nowicki adamczyk dudek zajac wieczorek jablonski krol majewski olszewski jaworski wrobel malinowski pawlak
witkowski walczak stepien gorski rutkowski michalak sikora ostrowski baran duda szewczyk tomaszewski pietrzak marciniak
wroblewski zalewski jakubowski jasinski zawadzki sadowski bak chmielewski wlodarczyk borkowski czarnecki sawicki sokolowski urbanski
kubiak maciejewski szczepanski kucharski wilk kalinowski lis mazurek wysocki adamski kazmierczak wasilewski sobczak czerwinski
andrzejewski cieslak glowacki zakrzewski kolodziej sikorski krajewski gajewski szymczak szulc baranowski laskowski brzezinski makowski
ziolkowski przybylski ivanov smirnov kuznetsov popov vasiliev petrov novikov fedorov morozov volkov alekseev lebedev
semenov egorov pavlov kozlov stepanov nikolaev orlov andreev makarov nikitin zakharov zaitsev soloviev borisov
yakovlev grigoriev romanov vorobiev sergeev kuzmin frolov alexandrov dmitriev korolev gusev kiselev ilyin maksimov
polyakov sorokin vinogradov kovalev belov medvedev antonov tarasov zhukov baranov filippov komarov davydov belyaev
gerasimov bogdanov osipov sidorov matveev titov markov mironov krylov kulikov karpov vlasov melnikov denisov
gavrilov tikhonov kazakov afanasiev danilov savelyev timofeev fomin chernov abramov martynov efimov fedotov shcherbakov
nazarov kalinin isaev chernyshev bykov maslov rodionov konovalov lazarev voronin klimov filatov ponomarev golubev
kudryavtsev prokhorov naumov potapov zhuravlev ovchinnikov trofimov leonov sobolev ermakov kolesnikov goncharov emelyanov nikiforov
grachev kotov grishin efremov arkhipov gromov kirillov malyshev panov moiseev rumyantsev akimov kondratiev biryukov
gorbunov anisimov eremin tikhomirov galkin lukyanov mikhailov schmitz schulz hoffmann richter schafer schroder neumann
schwarz zimmermann braun kruger hartmann lange werner krause lehmann kohler maier herrmann konig fuchs
moller scholz vogel friedrich gunther winkler lorenz baumann albrecht ludwig bohm schuster kraus vogt
jager otto sommer seidel heinrich haas schreiber graf dietrich ziegler kuhn pohl engel busch
bergmann voigt sauer wolff pfeiffer rossi ferrari esposito bianchi romano colombo ricci marino greco
bruno gallo conti deluca mancini giordano rizzo lombardi moretti barbieri fontana santoro mariani rinaldi
caruso ferrara galli martini leone longo gentile martinelli vitale lombardo serra coppola desantis dangelo
marchetti parisi conte ferraro ferri fabbri bianco marini grasso valentini messina sala derosa gatti
pellegrini palumbo sanna farina rizzi monti cattaneo morelli amato silvestri mazza testa grassi pellegrino
carbone giuliani benedetti barone rossetti caputo montanari palmieri bernardi martino fiore derossi ferretti bellini
basile riva donati piras vitali battaglia sartori neri costantini milani pagano ruggiero sorrentino damico
orlando negri tanaka suzuki takahashi watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki
yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki mori abe ikeda hashimoto yamashita ishikawa nakajima
maeda fujita ogawa goto okada hasegawa murakami kondo ishii saito sakamoto endo aoki fujii
nishimura fukuda ota miura fujiwara okamoto matsuda nakagawa nakano harada ono tamura takeuchi kaneko
wada nakayama ishida ueda morita hara shibata sakai kudo yokoyama miyazaki miyamoto uchida takagi
ando taniguchi ohno maruyama imai takada fujimoto takeda murata ueno sugiyama masuda sugawara hirano
kojima otsuka chiba kubo matsui iwasaki sakurai kinoshita noguchi matsuo nomura kikuchi sano onishi
sugimoto arai jung kang cho yoon jang han seo shin kwon hwang ahn song
jeon hong ko son bae baek heo yoo nam shim noh kwak sung cha
joo woo koo min ryu jin ji eom chae won cheon bang gong hyun
ham byun yeom yeo chu seok sun sul gil yeon pyo myung ban geum
yook maeng tak guk wen chow lau leung yip tsang tam mak kwok fung
ng lai cheung siu chiu yuen wah kwan poon mok lo ngai ip choy
luk kwong shum fong ling hui tse cheng lui pang yue mui szeto au
chau shek chin lou hsu tsai chiang kuo chou hsieh tseng chien liang tung
teng hsiao feng tsao pan yuan tu yeh su shih peng kuan wei hao
fan jiang luo zhou zhao zhu hu guo he gao zheng xie deng cao
xu dong xiao tian du ren yao shen cui tan hou shao meng wan
duan lei qian yin yi qiao kumar sharma gupta mehta desai joshi reddy rao
nair iyer menon pillai chatterjee banerjee mukherjee ghosh das bose sen dutta chakraborty bhattacharya
agarwal jain kapoor malhotra chopra bhatia sethi arora khanna sinha mishra pandey tiwari dubey
srivastava saxena verma yadav chauhan thakur rathore naidu krishnan subramanian venkatesh raman raghavan balakrishnan
narayanan srinivasan ramachandran gopal anand bhatt trivedi vyas parikh dalal kothari modi gandhi thakkar
contractor mistry engineer lakhani qureshi siddiqui hussain rahman chaudhry malik butt sheikh mirza baig
akhtar rashid hashmi jafri naqvi zaidi rizvi abbasi ansari farooqui nasir iqbal javed aslam
haider tariq anwar nawaz aziz yusuf osman mahmoud ibrahim hassan mohamed abdullah saleh nasser
haddad khoury saad mansour hamdan habib karam najjar sabbagh shami masri halabi khalil salem
awad farah issa boutros nassar aoun daher chamoun gemayel tannous harb sleiman rizk obeid
fakhoury okafor okonkwo adeyemi oyelaran adebayo ogunleye nwosu eze chukwu obi nnamdi okoro uche
afolabi babatunde olawale oluwole ogunbiyi adewale akinola fashola balogun bello abubakar danjuma mensah owusu
asante boateng osei appiah agyeman darko amoah kuffour acheampong addo annan kamau mwangi otieno
odhiambo wanjiru kariuki njoroge ochieng onyango mutua kiprono chebet rotich kiptoo tesfaye haile bekele
girma alemu tadesse kebede wolde desta abebe mekonnen gebre assefa ndlovu dlamini nkosi zulu
mokoena khumalo mahlangu sithole mthembu ngcobo papadopoulos georgiou nikolaidis dimitriou konstantinou ioannou christodoulou vasileiou
antoniou pappas kostas demetriou alexiou karras stavros economou yilmaz kaya demir sahin celik yildiz
yildirim ozturk aydin ozdemir arslan dogan kilic aslan cetin kara koc kurt ozkan simsek
polat erdogan gunes korkmaz bulut tekin jorgensen pedersen kristensen sorensen madsen christiansen poulsen johansen
mortensen johansson karlsson nilsson eriksson larsson svensson gustafsson pettersson jonsson lindberg lindqvist lindgren berglund
axelsson magnusson lindstrom hakansson bergstrom lundberg mattsson sandberg henriksson forsberg sjoberg lindholm engstrom eklund
danielsson lundqvist hedlund holm sundberg haugen halvorsen lie dahl berge virtanen korhonen nieminen makinen
hamalainen laine heikkinen koskinen jarvinen lehtonen lehtinen saarinen salminen heinonen niemi kinnunen salonen turunen
salo laitinen tuominen rantanen karjalainen jokinen mattila savolainen lahtinen ahonen devries jansen bakker visser
smit meijer mulder bos vos hendriks dekker brouwer dijkstra vandijk kok vermeulen vandenberg vanleeuwen
kuiper veenstra schouten huisman vanderlinden peeters maes janssens claes goossens wouters dubois dupont martens
leroy renard moreau laurent lefebvre michel garnier faure rousseau blanc guerin muller roussel nicolas
perrin morin mathieu clement gauthier dumont fontaine chevalier robin masson girard bonnet durand lefevre
mercier denis fournier andre legrand gaillard brunet roux colin vidal caron picard roger fabre
aubert lemoine renaud dumas lacroix olivier philippe bourgeois pierre benoit rey leclerc payet rolland
leclercq guillaume lecomte jean dupuy guillot hubert carpentier dupuis moulin louis deschamps huet vasseur
boucher fleury royer jacquet adam paris poirier marty aubry guyot carre renault charpentier menard
maillard baron bertin bailly herve lecler byrne osullivan dunne mcdonagh mcloughlin healy mulligan callaghan
flanagan keane mcgrath donnelly kavanagh sheehan mcnamara dolan egan power cullen connolly whelan mahon
maguire cassidy halloran devlin hennessy kearney lennon mcguinness mcnulty oshea rafferty scanlon tierney tobin
`
  .split(/\s+/)
  .filter(Boolean)
  .map((s) => s.toUpperCase());

const ONSET = [
  'B',
  'BR',
  'CH',
  'D',
  'DR',
  'F',
  'G',
  'GR',
  'H',
  'J',
  'K',
  'KR',
  'L',
  'M',
  'N',
  'P',
  'R',
  'S',
  'ST',
  'T',
  'TR',
  'V',
  'W',
  'Z',
];
const VOWEL = ['A', 'E', 'I', 'O', 'U', 'AI', 'EA', 'OU', 'IE'];
const CODA = ['', '', 'N', 'R', 'L', 'S', 'M', 'ND', 'RT', 'LD', 'NK'];
const ENDING = [
  '',
  '',
  'SON',
  'MAN',
  'SKI',
  'EZ',
  'OV',
  'IAN',
  'ELLI',
  'BERG',
  'TON',
  'INEN',
  'OWSKI',
  'ANO',
];

/** A made-up but plausible surname of two or three syllables and an ending (the rare tail). */
export function syllableSurname(rand: () => number): string {
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
  const n = rand() < 0.6 ? 2 : 3;
  let s = '';
  for (let i = 0; i < n; i++) s += pick(ONSET) + pick(VOWEL) + (i === n - 1 ? pick(CODA) : '');
  return s + pick(ENDING);
}

/** Cumulative weights 1/(rank + 20): SMITH about 1.3 % of listed surnames, the last about 0.03 %. */
const CUMULATIVE = (() => {
  const c: number[] = [];
  let sum = 0;
  for (let i = 0; i < SURNAMES.length; i++) c.push((sum += 1 / (i + 20)));
  return c.map((x) => x / sum);
})();

/** A surname: three in five from the list (by frequency), the rest made up. */
export function surname(rand: () => number): string {
  if (rand() >= 0.6) return syllableSurname(rand);
  const r = rand();
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (CUMULATIVE[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return SURNAMES[lo]!;
}
