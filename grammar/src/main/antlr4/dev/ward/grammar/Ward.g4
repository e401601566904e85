// The Ward policy language. Statements are newline-insensitive; lists are comma-separated.
// Keywords are contextual: every keyword is also accepted where a name is expected (see `ident`), so
// syscall names such as `mount` or `signal` keep working. Inside `apparmor { }` the family keywords and
// qualifiers are not plain words, so a family keyword ends the previous rule.
grammar Ward;

file
    : item* EOF
    ;

item
    : USE STRING                                                    # useItem
    | CONST ident '=' value                                         # constItem
    | GROUP AT_NAME '=' syscallName (',' syscallName)*              # groupItem
    | PROFILE ident (EXTENDS ident)? '{' profileStmt* '}'           # profileItem
    ;

profileStmt
    : DESCRIPTION STRING                                            # descriptionStmt
    | MODE ident                                                    # modeStmt
    | TRUST ident                                                   # trustStmt
    | OWNER (STRING | AT_NAME)                                      # ownerStmt
    | ARCH ident (',' ident)*                                       # archStmt
    | IDMAP '{' idmapStmt* '}'                                      # idmapBlock
    | CAPABILITIES '{' capabilityStmt* '}'                          # capabilitiesBlock
    | SECCOMP '{' seccompStmt* '}'                                  # seccompBlock
    | APPARMOR '{' apparmorRule* '}'                                # apparmorBlock
    | LIMITS '{' limitStmt* '}'                                     # limitsBlock
    | RLIMITS '{' rlimitStmt* '}'                                   # rlimitsBlock
    | NETWORK '{' networkStmt* '}'                                  # networkBlock
    | DEVICES '{' deviceStmt* '}'                                   # devicesBlock
    | NAMESPACES '{' namespaceStmt* '}'                             # namespacesBlock
    | FILESYSTEM '{' filesystemStmt* '}'                            # filesystemBlock
    | EXPECT action expectCall (',' expectCall)* (ON ident)?        # expectStmt
    ;

idmapStmt
    : (UID | GID) number '->' number COUNT number                   # idmapLine
    | ISOLATED number?                                              # idmapIsolated
    ;

capabilityStmt
    : (KEEP | DROP) ident (',' ident)*
    ;

seccompStmt
    : DEFAULT action                                                # seccompDefault
    | action syscallName (',' syscallName)* (IF condition (ELSE action)?)?  # seccompRule
    ;

// allow, log, errno(N|NAME), kill-process, kill-thread, trap[(N)], notify, trace(N)
action
    : IDENT ('(' value ')')?
    ;

syscallName
    : ident
    | AT_NAME
    ;

// Precedence: `&` binds tighter than the comparisons; then `!`, then `&&`, then `||`.
condition
    : andCondition ('||' andCondition)*
    ;

andCondition
    : unaryCondition ('&&' unaryCondition)*
    ;

unaryCondition
    : '!' unaryCondition                                            # notCondition
    | '(' condition ')'                                             # parenCondition
    | ident '&' value compareOp value                               # maskCondition
    | ident compareOp value                                         # compareCondition
    | ident IN '(' value (',' value)* ')'                           # inCondition
    ;

compareOp
    : '==' | '!=' | '<' | '<=' | '>' | '>='
    ;

// A number, a named constant, or several combined with `|`; `-N` is 2^64 - N.
value
    : valueTerm ('|' valueTerm)*
    ;

valueTerm
    : number                                                        # numberTerm
    | '-' number                                                    # negativeTerm
    | ident                                                         # constantTerm
    ;

number
    : NUMBER
    | HEX
    | OCTAL
    ;

// `network` rules read `unix` and `raw` as a domain and a socket type (`network unix stream`, `deny network
// raw`); `raw` starts a rule of its own only with its string (`raw "..."`).
apparmorRule
    : apparmorQualifier* NETWORK networkAtom*                       # apparmorNetworkRule
    | apparmorQualifier* RAW STRING                                 # apparmorRawRule
    | apparmorQualifier* apparmorFamily apparmorAtom*               # apparmorGenericRule
    ;

networkAtom
    : apparmorAtom                                                  # networkCommonAtom
    | (UNIX | RAW)                                                  # networkWordAtom
    ;

apparmorQualifier
    : AUDIT | DENY | OWNER
    ;

apparmorFamily
    : FILE | CAPABILITY | MOUNT | REMOUNT | UMOUNT | PIVOT_ROOT | PTRACE | SIGNAL | UNIX
    | CHANGE_PROFILE | DBUS | INCLUDE | UNCONFINED | ABI | USERNS | IO_URING | MQUEUE
    ;

apparmorAtom
    : apparmorWord '=' apparmorOptionValue                          # apparmorOption
    | apparmorWord                                                  # apparmorWordAtom
    | STRING                                                        # apparmorString
    | '->'                                                          # apparmorArrow
    | ','                                                           # apparmorComma
    ;

apparmorOptionValue
    : apparmorWord                                                  # apparmorOptionWord
    | STRING                                                        # apparmorOptionString
    | '(' (apparmorOptionItem (','? apparmorOptionItem)*)? ')'      # apparmorOptionList
    ;

apparmorOptionItem
    : apparmorWord
    | STRING
    ;

// Any word except the family keywords and the qualifiers, which start a new rule.
apparmorWord
    : IDENT | AT_NAME | NUMBER | HEX | OCTAL | DECIMAL | SIZED
    | USE | CONST | GROUP | PROFILE | EXTENDS | DESCRIPTION | MODE | TRUST | ARCH | IDMAP | CAPABILITIES
    | SECCOMP | APPARMOR | LIMITS | RLIMITS | DEVICES | NAMESPACES | FILESYSTEM | EXPECT | UID | GID
    | COUNT | ISOLATED | KEEP | DROP | DEFAULT | IF | ELSE | IN | ON | MAX | UNLIMITED | VETH | BRIDGE
    | NONE | NICS | SHARE | PROC | SYS | READONLY | MASKED | OPTIONS
    ;

limitStmt
    : ident limitValue
    ;

limitValue
    : number | DECIMAL | SIZED | MAX
    ;

rlimitStmt
    : IDENT rlimitValue rlimitValue?
    ;

rlimitValue
    : number | SIZED | UNLIMITED
    ;

networkStmt
    : VETH BRIDGE (STRING | IDENT)                                  # vethStmt
    | NONE                                                          # noneStmt
    | NICS number                                                   # nicsStmt
    ;

// allow|deny TYPE MAJOR:MINOR ACCESS
deviceStmt
    : ident ident deviceNumber ':' deviceNumber ident
    ;

deviceNumber
    : number
    | '*'
    ;

namespaceStmt
    : SHARE ident (',' ident)*
    ;

filesystemStmt
    : (PROC | SYS) ident                                            # filesystemMode
    | (READONLY | MASKED) STRING (',' STRING)*                      # filesystemPaths
    | MOUNT STRING STRING (ident | STRING) (OPTIONS STRING)?        # filesystemMount
    ;

expectCall
    : ident ('(' (value (',' value)*)? ')')?
    ;

// A name: any word, keywords included.
ident
    : IDENT
    | USE | CONST | GROUP | PROFILE | EXTENDS | DESCRIPTION | MODE | TRUST | OWNER | ARCH | IDMAP
    | CAPABILITIES | SECCOMP | APPARMOR | LIMITS | RLIMITS | NETWORK | DEVICES | NAMESPACES | FILESYSTEM
    | EXPECT | UID | GID | COUNT | ISOLATED | KEEP | DROP | DEFAULT | IF | ELSE | IN | ON | MAX
    | UNLIMITED | VETH | BRIDGE | NONE | NICS | SHARE | PROC | SYS | READONLY | MASKED | MOUNT | OPTIONS
    | AUDIT | DENY | FILE | CAPABILITY | REMOUNT | UMOUNT | PIVOT_ROOT | PTRACE | SIGNAL | UNIX
    | CHANGE_PROFILE | DBUS | INCLUDE | RAW | UNCONFINED | ABI | USERNS | IO_URING | MQUEUE
    ;

USE : 'use' ;
CONST : 'const' ;
GROUP : 'group' ;
PROFILE : 'profile' ;
EXTENDS : 'extends' ;
DESCRIPTION : 'description' ;
MODE : 'mode' ;
TRUST : 'trust' ;
OWNER : 'owner' ;
ARCH : 'arch' ;
IDMAP : 'idmap' ;
CAPABILITIES : 'capabilities' ;
SECCOMP : 'seccomp' ;
APPARMOR : 'apparmor' ;
LIMITS : 'limits' ;
RLIMITS : 'rlimits' ;
NETWORK : 'network' ;
DEVICES : 'devices' ;
NAMESPACES : 'namespaces' ;
FILESYSTEM : 'filesystem' ;
EXPECT : 'expect' ;
UID : 'uid' ;
GID : 'gid' ;
COUNT : 'count' ;
ISOLATED : 'isolated' ;
KEEP : 'keep' ;
DROP : 'drop' ;
DEFAULT : 'default' ;
IF : 'if' ;
ELSE : 'else' ;
IN : 'in' ;
ON : 'on' ;
MAX : 'max' ;
UNLIMITED : 'unlimited' ;
VETH : 'veth' ;
BRIDGE : 'bridge' ;
NONE : 'none' ;
NICS : 'nics' ;
SHARE : 'share' ;
PROC : 'proc' ;
SYS : 'sys' ;
READONLY : 'readonly' ;
MASKED : 'masked' ;
MOUNT : 'mount' ;
OPTIONS : 'options' ;
AUDIT : 'audit' ;
DENY : 'deny' ;
FILE : 'file' ;
CAPABILITY : 'capability' ;
REMOUNT : 'remount' ;
UMOUNT : 'umount' ;
PIVOT_ROOT : 'pivot_root' ;
PTRACE : 'ptrace' ;
SIGNAL : 'signal' ;
UNIX : 'unix' ;
CHANGE_PROFILE : 'change_profile' ;
DBUS : 'dbus' ;
INCLUDE : 'include' ;
RAW : 'raw' ;
UNCONFINED : 'unconfined' ;
ABI : 'abi' ;
USERNS : 'userns' ;
IO_URING : 'io_uring' ;
MQUEUE : 'mqueue' ;

LBRACE : '{' ;
RBRACE : '}' ;
LPAREN : '(' ;
RPAREN : ')' ;
COMMA : ',' ;
COLON : ':' ;
ASSIGN : '=' ;
ARROW : '->' ;
OROR : '||' ;
ANDAND : '&&' ;
BANG : '!' ;
AMP : '&' ;
PIPE : '|' ;
EQ : '==' ;
NE : '!=' ;
LT : '<' ;
LE : '<=' ;
GT : '>' ;
GE : '>=' ;
MINUS : '-' ;
STAR : '*' ;

HEX : '0' [xX] [0-9a-fA-F]+ ;
OCTAL : '0' [oO] [0-7]+ ;
// A number with a unit, such as 512MiB; the unit is checked during resolution.
SIZED : [0-9]+ ('.' [0-9]+)? [a-zA-Z]+ ;
DECIMAL : [0-9]+ '.' [0-9]+ ;
NUMBER : [0-9]+ ;

IDENT : [a-zA-Z_] [a-zA-Z0-9_]* ('-' [a-zA-Z0-9_]+)* ;
AT_NAME : '@' [a-zA-Z_] [a-zA-Z0-9_]* ('-' [a-zA-Z0-9_]+)* ;

// Escapes are checked when the literal is decoded: \" \\ \n \t \xHH.
STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'? ;

COMMENT : '#' ~[\r\n]* -> channel(HIDDEN) ;
WS : [ \t\r\n\f]+ -> skip ;
BAD_CHAR : . ;
