"""The ``__init__`` of each ``@frozen`` class of vsm-draw, written out (generated: do not edit).

``python tests/regen_frozen.py`` writes it from the source :mod:`vsm_draw.frozen` builds for
each class; ``tests/test_frozen.py`` fails when it is stale. A class that is not here (or
changed since) still works: ``@frozen`` compiles its ``__init__`` when the class is made.
Each ``_N`` takes the values the source names and returns the function; the annotations are
evaluated, as ``dataclass`` evaluates them (no ``from __future__ import annotations`` here).
``INITS`` finds it by the class's shape: what the source depends on (``frozen._shape``).
"""


# errors.Problem
def _0(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_file, _type_line, _type_column, _type_message, _type_field, _dflt_field, _type_step, _dflt_step):
    def __init__(self,file:_type_file,line:_type_line,column:_type_column,message:_type_message,field:_type_field=_dflt_field,step:_type_step=_dflt_step)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'file',file)
      __dataclass_builtins_object__.__setattr__(self,'line',line)
      __dataclass_builtins_object__.__setattr__(self,'column',column)
      __dataclass_builtins_object__.__setattr__(self,'message',message)
      __dataclass_builtins_object__.__setattr__(self,'field',field)
      __dataclass_builtins_object__.__setattr__(self,'step',step)
    return __init__


# fields.Field
def _1(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_name, _type_kind, _type_description, _type_example, _dflt_example, _type_required, _dflt_required, _type_default, _dflt_default, _type_choices, _dflt_choices, _type_max_length, _dflt_max_length, _type_minimum, _dflt_minimum, _type_maximum, _dflt_maximum, _type_needs, _dflt_needs):
    def __init__(self,name:_type_name,kind:_type_kind,description:_type_description,example:_type_example=_dflt_example,required:_type_required=_dflt_required,default:_type_default=_dflt_default,choices:_type_choices=_dflt_choices,max_length:_type_max_length=_dflt_max_length,minimum:_type_minimum=_dflt_minimum,maximum:_type_maximum=_dflt_maximum,needs:_type_needs=_dflt_needs)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'name',name)
      __dataclass_builtins_object__.__setattr__(self,'kind',kind)
      __dataclass_builtins_object__.__setattr__(self,'description',description)
      __dataclass_builtins_object__.__setattr__(self,'example',example)
      __dataclass_builtins_object__.__setattr__(self,'required',required)
      __dataclass_builtins_object__.__setattr__(self,'default',default)
      __dataclass_builtins_object__.__setattr__(self,'choices',choices)
      __dataclass_builtins_object__.__setattr__(self,'max_length',max_length)
      __dataclass_builtins_object__.__setattr__(self,'minimum',minimum)
      __dataclass_builtins_object__.__setattr__(self,'maximum',maximum)
      __dataclass_builtins_object__.__setattr__(self,'needs',needs)
    return __init__


# flow.Flow
def _2(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_critical_path, _type_slack, _type_visits, _type_lead_time_with_rework, _type_process_time_with_rework, _type_rework_path, _type_loops):
    def __init__(self,critical_path:_type_critical_path,slack:_type_slack,visits:_type_visits,lead_time_with_rework:_type_lead_time_with_rework,process_time_with_rework:_type_process_time_with_rework,rework_path:_type_rework_path,loops:_type_loops)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'critical_path',critical_path)
      __dataclass_builtins_object__.__setattr__(self,'slack',slack)
      __dataclass_builtins_object__.__setattr__(self,'visits',visits)
      __dataclass_builtins_object__.__setattr__(self,'lead_time_with_rework',lead_time_with_rework)
      __dataclass_builtins_object__.__setattr__(self,'process_time_with_rework',process_time_with_rework)
      __dataclass_builtins_object__.__setattr__(self,'rework_path',rework_path)
      __dataclass_builtins_object__.__setattr__(self,'loops',loops)
    return __init__


# flow.Loop
def _3(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_source, _type_target, _type_rate, _type_steps):
    def __init__(self,source:_type_source,target:_type_target,rate:_type_rate,steps:_type_steps)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'source',source)
      __dataclass_builtins_object__.__setattr__(self,'target',target)
      __dataclass_builtins_object__.__setattr__(self,'rate',rate)
      __dataclass_builtins_object__.__setattr__(self,'steps',steps)
    return __init__


# flow.LoopCost
def _4(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_loop, _type_passes, _type_lead_time, _type_process_time):
    def __init__(self,loop:_type_loop,passes:_type_passes,lead_time:_type_lead_time,process_time:_type_process_time)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'loop',loop)
      __dataclass_builtins_object__.__setattr__(self,'passes',passes)
      __dataclass_builtins_object__.__setattr__(self,'lead_time',lead_time)
      __dataclass_builtins_object__.__setattr__(self,'process_time',process_time)
    return __init__


# formats.Format
def _5(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_name, _type_extension, _type_media_type, _type_binary, _type_product, _type_uses, _type_aliases, _dflt_aliases):
    def __init__(self,name:_type_name,extension:_type_extension,media_type:_type_media_type,binary:_type_binary,product:_type_product,uses:_type_uses,aliases:_type_aliases=_dflt_aliases)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'name',name)
      __dataclass_builtins_object__.__setattr__(self,'extension',extension)
      __dataclass_builtins_object__.__setattr__(self,'media_type',media_type)
      __dataclass_builtins_object__.__setattr__(self,'binary',binary)
      __dataclass_builtins_object__.__setattr__(self,'product',product)
      __dataclass_builtins_object__.__setattr__(self,'uses',uses)
      __dataclass_builtins_object__.__setattr__(self,'aliases',aliases)
    return __init__


# layout.branches.Branch
def _6(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_steps, _type_sources, _type_targets, _type_fork, _type_join, _type_lane):
    def __init__(self,steps:_type_steps,sources:_type_sources,targets:_type_targets,fork:_type_fork,join:_type_join,lane:_type_lane)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'steps',steps)
      __dataclass_builtins_object__.__setattr__(self,'sources',sources)
      __dataclass_builtins_object__.__setattr__(self,'targets',targets)
      __dataclass_builtins_object__.__setattr__(self,'fork',fork)
      __dataclass_builtins_object__.__setattr__(self,'join',join)
      __dataclass_builtins_object__.__setattr__(self,'lane',lane)
    return __init__


# layout.branches.FlowPlan
def _7(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_main, _type_branches, _type_over, _type_under, _type_shortcuts, _dflt_shortcuts, _type_incoming, _dflt_incoming, _type_cross, _dflt_cross, _type_under_cross, _dflt_under_cross, _type_stacked, _dflt_stacked):
    def __init__(self,main:_type_main,branches:_type_branches,over:_type_over,under:_type_under,shortcuts:_type_shortcuts=_dflt_shortcuts,incoming:_type_incoming=_dflt_incoming,cross:_type_cross=_dflt_cross,under_cross:_type_under_cross=_dflt_under_cross,stacked:_type_stacked=_dflt_stacked)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'main',main)
      __dataclass_builtins_object__.__setattr__(self,'branches',branches)
      __dataclass_builtins_object__.__setattr__(self,'over',over)
      __dataclass_builtins_object__.__setattr__(self,'under',under)
      __dataclass_builtins_object__.__setattr__(self,'shortcuts',shortcuts)
      __dataclass_builtins_object__.__setattr__(self,'incoming',incoming)
      __dataclass_builtins_object__.__setattr__(self,'cross',cross)
      __dataclass_builtins_object__.__setattr__(self,'under_cross',under_cross)
      __dataclass_builtins_object__.__setattr__(self,'stacked',stacked)
    return __init__


# layout.changes.Was
def _8(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_vsm, _type_metrics, _type_words, _dflt_words):
    def __init__(self,vsm:_type_vsm,metrics:_type_metrics,words:_type_words=_dflt_words)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'vsm',vsm)
      __dataclass_builtins_object__.__setattr__(self,'metrics',metrics)
      __dataclass_builtins_object__.__setattr__(self,'words',words)
    return __init__


# layout.info.Band
def _9(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_supplier, _type_customer, _type_flows, _type_elsewhere, _dflt_elsewhere):
    def __init__(self,supplier:_type_supplier,customer:_type_customer,flows:_type_flows,elsewhere:_type_elsewhere=_dflt_elsewhere)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'supplier',supplier)
      __dataclass_builtins_object__.__setattr__(self,'customer',customer)
      __dataclass_builtins_object__.__setattr__(self,'flows',flows)
      __dataclass_builtins_object__.__setattr__(self,'elsewhere',elsewhere)
    return __init__


# layout.info.Lanes
def _10(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_count, _type_spacing):
    def __init__(self,count:_type_count,spacing:_type_spacing)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'count',count)
      __dataclass_builtins_object__.__setattr__(self,'spacing',spacing)
    return __init__


# layout.legend.Symbol
def _11(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_key, _type_words, _type_used, _type_draw):
    def __init__(self,key:_type_key,words:_type_words,used:_type_used,draw:_type_draw)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'key',key)
      __dataclass_builtins_object__.__setattr__(self,'words',words)
      __dataclass_builtins_object__.__setattr__(self,'used',used)
      __dataclass_builtins_object__.__setattr__(self,'draw',draw)
    return __init__


# layout.measure.DataRow
def _12(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_name, _type_key, _type_value, _type_was, _dflt_was, _type_stacked, _dflt_stacked):
    def __init__(self,name:_type_name,key:_type_key,value:_type_value,was:_type_was=_dflt_was,stacked:_type_stacked=_dflt_stacked)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'name',name)
      __dataclass_builtins_object__.__setattr__(self,'key',key)
      __dataclass_builtins_object__.__setattr__(self,'value',value)
      __dataclass_builtins_object__.__setattr__(self,'was',was)
      __dataclass_builtins_object__.__setattr__(self,'stacked',stacked)
    return __init__


# layout.measure.Sizes
def _13(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_header_h, _type_queue_lines):
    def __init__(self,header_h:_type_header_h,queue_lines:_type_queue_lines)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'header_h',header_h)
      __dataclass_builtins_object__.__setattr__(self,'queue_lines',queue_lines)
    return __init__


# layout.measure.StepContent
def _14(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_step, _type_slug, _type_box_w, _type_data_h, _type_name, _type_owner, _type_rows, _type_notes, _type_queue, _type_wait_time, _type_process_time, _type_wait, _type_wait_extra, _type_reason, _type_over_takt, _dflt_over_takt, _type_was, _dflt_was, _type_before, _dflt_before, _type_queue_w, _dflt_queue_w):
    def __init__(self,step:_type_step,slug:_type_slug,box_w:_type_box_w,data_h:_type_data_h,name:_type_name,owner:_type_owner,rows:_type_rows,notes:_type_notes,queue:_type_queue,wait_time:_type_wait_time,process_time:_type_process_time,wait:_type_wait,wait_extra:_type_wait_extra,reason:_type_reason,over_takt:_type_over_takt=_dflt_over_takt,was:_type_was=_HAS_DEFAULT_FACTORY,before:_type_before=_dflt_before,queue_w:_type_queue_w=_dflt_queue_w)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'step',step)
      __dataclass_builtins_object__.__setattr__(self,'slug',slug)
      __dataclass_builtins_object__.__setattr__(self,'box_w',box_w)
      __dataclass_builtins_object__.__setattr__(self,'data_h',data_h)
      __dataclass_builtins_object__.__setattr__(self,'name',name)
      __dataclass_builtins_object__.__setattr__(self,'owner',owner)
      __dataclass_builtins_object__.__setattr__(self,'rows',rows)
      __dataclass_builtins_object__.__setattr__(self,'notes',notes)
      __dataclass_builtins_object__.__setattr__(self,'queue',queue)
      __dataclass_builtins_object__.__setattr__(self,'wait_time',wait_time)
      __dataclass_builtins_object__.__setattr__(self,'process_time',process_time)
      __dataclass_builtins_object__.__setattr__(self,'wait',wait)
      __dataclass_builtins_object__.__setattr__(self,'wait_extra',wait_extra)
      __dataclass_builtins_object__.__setattr__(self,'reason',reason)
      __dataclass_builtins_object__.__setattr__(self,'over_takt',over_takt)
      __dataclass_builtins_object__.__setattr__(self,'was',_dflt_was() if was is _HAS_DEFAULT_FACTORY else was)
      __dataclass_builtins_object__.__setattr__(self,'before',before)
      __dataclass_builtins_object__.__setattr__(self,'queue_w',queue_w)
    return __init__


# layout.scene.Column
def _15(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_step, _type_x0, _type_x1, _type_row, _dflt_row, _type_name, _dflt_name, _type_slug, _dflt_slug):
    def __init__(self,step:_type_step,x0:_type_x0,x1:_type_x1,row:_type_row=_dflt_row,name:_type_name=_dflt_name,slug:_type_slug=_dflt_slug)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'step',step)
      __dataclass_builtins_object__.__setattr__(self,'x0',x0)
      __dataclass_builtins_object__.__setattr__(self,'x1',x1)
      __dataclass_builtins_object__.__setattr__(self,'row',row)
      __dataclass_builtins_object__.__setattr__(self,'name',name)
      __dataclass_builtins_object__.__setattr__(self,'slug',slug)
    return __init__


# layout.scene.Ellipse
def _16(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_id, _type_role, _type_cx, _type_cy, _type_rx, _type_ry, _type_fill, _dflt_fill, _type_stroke, _dflt_stroke, _type_width, _dflt_width):
    def __init__(self,id:_type_id,role:_type_role,cx:_type_cx,cy:_type_cy,rx:_type_rx,ry:_type_ry,fill:_type_fill=_dflt_fill,stroke:_type_stroke=_dflt_stroke,width:_type_width=_dflt_width)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'id',id)
      __dataclass_builtins_object__.__setattr__(self,'role',role)
      __dataclass_builtins_object__.__setattr__(self,'cx',cx)
      __dataclass_builtins_object__.__setattr__(self,'cy',cy)
      __dataclass_builtins_object__.__setattr__(self,'rx',rx)
      __dataclass_builtins_object__.__setattr__(self,'ry',ry)
      __dataclass_builtins_object__.__setattr__(self,'fill',fill)
      __dataclass_builtins_object__.__setattr__(self,'stroke',stroke)
      __dataclass_builtins_object__.__setattr__(self,'width',width)
    return __init__


# layout.scene.Line
def _17(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_id, _type_role, _type_points, _type_color, _type_width, _dflt_width, _type_dash, _dflt_dash, _type_closed, _dflt_closed, _type_arrow, _dflt_arrow):
    def __init__(self,id:_type_id,role:_type_role,points:_type_points,color:_type_color,width:_type_width=_dflt_width,dash:_type_dash=_dflt_dash,closed:_type_closed=_dflt_closed,arrow:_type_arrow=_dflt_arrow)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'id',id)
      __dataclass_builtins_object__.__setattr__(self,'role',role)
      __dataclass_builtins_object__.__setattr__(self,'points',points)
      __dataclass_builtins_object__.__setattr__(self,'color',color)
      __dataclass_builtins_object__.__setattr__(self,'width',width)
      __dataclass_builtins_object__.__setattr__(self,'dash',dash)
      __dataclass_builtins_object__.__setattr__(self,'closed',closed)
      __dataclass_builtins_object__.__setattr__(self,'arrow',arrow)
    return __init__


# layout.scene.Polygon
def _18(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_id, _type_role, _type_points, _type_fill, _type_stroke, _dflt_stroke, _type_width, _dflt_width, _type_dash, _dflt_dash):
    def __init__(self,id:_type_id,role:_type_role,points:_type_points,fill:_type_fill,stroke:_type_stroke=_dflt_stroke,width:_type_width=_dflt_width,dash:_type_dash=_dflt_dash)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'id',id)
      __dataclass_builtins_object__.__setattr__(self,'role',role)
      __dataclass_builtins_object__.__setattr__(self,'points',points)
      __dataclass_builtins_object__.__setattr__(self,'fill',fill)
      __dataclass_builtins_object__.__setattr__(self,'stroke',stroke)
      __dataclass_builtins_object__.__setattr__(self,'width',width)
      __dataclass_builtins_object__.__setattr__(self,'dash',dash)
    return __init__


# layout.scene.Rect
def _19(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_id, _type_role, _type_x0, _type_y0, _type_x1, _type_y1, _type_fill, _dflt_fill, _type_stroke, _dflt_stroke, _type_width, _dflt_width, _type_dash, _dflt_dash):
    def __init__(self,id:_type_id,role:_type_role,x0:_type_x0,y0:_type_y0,x1:_type_x1,y1:_type_y1,fill:_type_fill=_dflt_fill,stroke:_type_stroke=_dflt_stroke,width:_type_width=_dflt_width,dash:_type_dash=_dflt_dash)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'id',id)
      __dataclass_builtins_object__.__setattr__(self,'role',role)
      __dataclass_builtins_object__.__setattr__(self,'x0',x0)
      __dataclass_builtins_object__.__setattr__(self,'y0',y0)
      __dataclass_builtins_object__.__setattr__(self,'x1',x1)
      __dataclass_builtins_object__.__setattr__(self,'y1',y1)
      __dataclass_builtins_object__.__setattr__(self,'fill',fill)
      __dataclass_builtins_object__.__setattr__(self,'stroke',stroke)
      __dataclass_builtins_object__.__setattr__(self,'width',width)
      __dataclass_builtins_object__.__setattr__(self,'dash',dash)
    return __init__


# layout.scene.Row
def _20(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_index, _type_y0, _type_y1):
    def __init__(self,index:_type_index,y0:_type_y0,y1:_type_y1)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'index',index)
      __dataclass_builtins_object__.__setattr__(self,'y0',y0)
      __dataclass_builtins_object__.__setattr__(self,'y1',y1)
    return __init__


# layout.scene.Scene
def _21(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_width, _type_height, _type_elements, _type_columns, _type_rows, _type_paper, _type_title, _type_desc, _type_theme, _dflt_theme, _type_display_width, _dflt_display_width):
    def __init__(self,width:_type_width,height:_type_height,elements:_type_elements,columns:_type_columns,rows:_type_rows,paper:_type_paper,title:_type_title,desc:_type_desc,theme:_type_theme=_dflt_theme,display_width:_type_display_width=_dflt_display_width)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'width',width)
      __dataclass_builtins_object__.__setattr__(self,'height',height)
      __dataclass_builtins_object__.__setattr__(self,'elements',elements)
      __dataclass_builtins_object__.__setattr__(self,'columns',columns)
      __dataclass_builtins_object__.__setattr__(self,'rows',rows)
      __dataclass_builtins_object__.__setattr__(self,'paper',paper)
      __dataclass_builtins_object__.__setattr__(self,'title',title)
      __dataclass_builtins_object__.__setattr__(self,'desc',desc)
      __dataclass_builtins_object__.__setattr__(self,'theme',theme)
      __dataclass_builtins_object__.__setattr__(self,'display_width',display_width)
    return __init__


# layout.scene.Text
def _22(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_id, _type_role, _type_x, _type_y, _type_lines, _type_size, _type_color, _type_anchor, _dflt_anchor, _type_bold, _dflt_bold, _type_italic, _dflt_italic, _type_width, _dflt_width):
    def __init__(self,id:_type_id,role:_type_role,x:_type_x,y:_type_y,lines:_type_lines,size:_type_size,color:_type_color,anchor:_type_anchor=_dflt_anchor,bold:_type_bold=_dflt_bold,italic:_type_italic=_dflt_italic,width:_type_width=_dflt_width)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'id',id)
      __dataclass_builtins_object__.__setattr__(self,'role',role)
      __dataclass_builtins_object__.__setattr__(self,'x',x)
      __dataclass_builtins_object__.__setattr__(self,'y',y)
      __dataclass_builtins_object__.__setattr__(self,'lines',lines)
      __dataclass_builtins_object__.__setattr__(self,'size',size)
      __dataclass_builtins_object__.__setattr__(self,'color',color)
      __dataclass_builtins_object__.__setattr__(self,'anchor',anchor)
      __dataclass_builtins_object__.__setattr__(self,'bold',bold)
      __dataclass_builtins_object__.__setattr__(self,'italic',italic)
      __dataclass_builtins_object__.__setattr__(self,'width',width)
      self.__post_init__()
    return __init__


# layout.steps.RowFrame
def _23(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_min_box_h, _type_tri_top, _type_push_dy, _type_badge_h, _type_halo, _type_rework_h, _dflt_rework_h, _type_name_w, _dflt_name_w, _type_narrow, _dflt_narrow):
    def __init__(self,min_box_h:_type_min_box_h,tri_top:_type_tri_top,push_dy:_type_push_dy,badge_h:_type_badge_h,halo:_type_halo,rework_h:_type_rework_h=_dflt_rework_h,name_w:_type_name_w=_dflt_name_w,narrow:_type_narrow=_dflt_narrow)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'min_box_h',min_box_h)
      __dataclass_builtins_object__.__setattr__(self,'tri_top',tri_top)
      __dataclass_builtins_object__.__setattr__(self,'push_dy',push_dy)
      __dataclass_builtins_object__.__setattr__(self,'badge_h',badge_h)
      __dataclass_builtins_object__.__setattr__(self,'halo',halo)
      __dataclass_builtins_object__.__setattr__(self,'rework_h',rework_h)
      __dataclass_builtins_object__.__setattr__(self,'name_w',name_w)
      __dataclass_builtins_object__.__setattr__(self,'narrow',narrow)
    return __init__


# layout.steps.Slot
def _24(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_kind, _type_content, _type_index, _type_left, _type_width, _type_row, _dflt_row):
    def __init__(self,kind:_type_kind,content:_type_content,index:_type_index,left:_type_left,width:_type_width,row:_type_row=_dflt_row)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'kind',kind)
      __dataclass_builtins_object__.__setattr__(self,'content',content)
      __dataclass_builtins_object__.__setattr__(self,'index',index)
      __dataclass_builtins_object__.__setattr__(self,'left',left)
      __dataclass_builtins_object__.__setattr__(self,'width',width)
      __dataclass_builtins_object__.__setattr__(self,'row',row)
    return __init__


# metrics.Metrics
def _25(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_lead_time, _type_process_time, _type_wait_time, _type_flow_efficiency, _type_value_added_time, _type_value_added_ratio, _type_rolled_complete_accurate, _type_takt_time, _type_bottleneck, _type_top_waits, _type_rating, _type_lead_time_shares, _type_critical_path, _dflt_critical_path, _type_total_process_time, _dflt_total_process_time, _type_lead_time_with_rework, _dflt_lead_time_with_rework, _type_process_time_with_rework, _dflt_process_time_with_rework, _type_rework_path, _dflt_rework_path, _type_slack, _dflt_slack, _type_visits, _dflt_visits, _type_loops, _dflt_loops, _type_handoffs, _dflt_handoffs, _type_over_takt, _dflt_over_takt):
    def __init__(self,lead_time:_type_lead_time,process_time:_type_process_time,wait_time:_type_wait_time,flow_efficiency:_type_flow_efficiency,value_added_time:_type_value_added_time,value_added_ratio:_type_value_added_ratio,rolled_complete_accurate:_type_rolled_complete_accurate,takt_time:_type_takt_time,bottleneck:_type_bottleneck,top_waits:_type_top_waits,rating:_type_rating,lead_time_shares:_type_lead_time_shares,critical_path:_type_critical_path=_dflt_critical_path,total_process_time:_type_total_process_time=_dflt_total_process_time,lead_time_with_rework:_type_lead_time_with_rework=_dflt_lead_time_with_rework,process_time_with_rework:_type_process_time_with_rework=_dflt_process_time_with_rework,rework_path:_type_rework_path=_dflt_rework_path,slack:_type_slack=_dflt_slack,visits:_type_visits=_dflt_visits,loops:_type_loops=_dflt_loops,handoffs:_type_handoffs=_dflt_handoffs,over_takt:_type_over_takt=_dflt_over_takt)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'lead_time',lead_time)
      __dataclass_builtins_object__.__setattr__(self,'process_time',process_time)
      __dataclass_builtins_object__.__setattr__(self,'wait_time',wait_time)
      __dataclass_builtins_object__.__setattr__(self,'flow_efficiency',flow_efficiency)
      __dataclass_builtins_object__.__setattr__(self,'value_added_time',value_added_time)
      __dataclass_builtins_object__.__setattr__(self,'value_added_ratio',value_added_ratio)
      __dataclass_builtins_object__.__setattr__(self,'rolled_complete_accurate',rolled_complete_accurate)
      __dataclass_builtins_object__.__setattr__(self,'takt_time',takt_time)
      __dataclass_builtins_object__.__setattr__(self,'bottleneck',bottleneck)
      __dataclass_builtins_object__.__setattr__(self,'top_waits',top_waits)
      __dataclass_builtins_object__.__setattr__(self,'rating',rating)
      __dataclass_builtins_object__.__setattr__(self,'lead_time_shares',lead_time_shares)
      __dataclass_builtins_object__.__setattr__(self,'critical_path',critical_path)
      __dataclass_builtins_object__.__setattr__(self,'total_process_time',total_process_time)
      __dataclass_builtins_object__.__setattr__(self,'lead_time_with_rework',lead_time_with_rework)
      __dataclass_builtins_object__.__setattr__(self,'process_time_with_rework',process_time_with_rework)
      __dataclass_builtins_object__.__setattr__(self,'rework_path',rework_path)
      __dataclass_builtins_object__.__setattr__(self,'slack',slack)
      __dataclass_builtins_object__.__setattr__(self,'visits',visits)
      __dataclass_builtins_object__.__setattr__(self,'loops',loops)
      __dataclass_builtins_object__.__setattr__(self,'handoffs',handoffs)
      __dataclass_builtins_object__.__setattr__(self,'over_takt',over_takt)
    return __init__


# model.Boundaries
def _26(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_start, _dflt_start, _type_end, _dflt_end):
    def __init__(self,start:_type_start=_dflt_start,end:_type_end=_dflt_end)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'start',start)
      __dataclass_builtins_object__.__setattr__(self,'end',end)
    return __init__


# model.Calendar
def _27(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_hours_per_day, _dflt_hours_per_day, _type_days_per_week, _dflt_days_per_week, _type_largest_unit, _dflt_largest_unit):
    def __init__(self,hours_per_day:_type_hours_per_day=_dflt_hours_per_day,days_per_week:_type_days_per_week=_dflt_days_per_week,largest_unit:_type_largest_unit=_dflt_largest_unit)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'hours_per_day',hours_per_day)
      __dataclass_builtins_object__.__setattr__(self,'days_per_week',days_per_week)
      __dataclass_builtins_object__.__setattr__(self,'largest_unit',largest_unit)
    return __init__


# model.Declared
def _28(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_lead_time, _dflt_lead_time, _type_process_time, _dflt_process_time, _type_flow_efficiency, _dflt_flow_efficiency):
    def __init__(self,lead_time:_type_lead_time=_dflt_lead_time,process_time:_type_process_time=_dflt_process_time,flow_efficiency:_type_flow_efficiency=_dflt_flow_efficiency)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'lead_time',lead_time)
      __dataclass_builtins_object__.__setattr__(self,'process_time',process_time)
      __dataclass_builtins_object__.__setattr__(self,'flow_efficiency',flow_efficiency)
    return __init__


# model.DeclaredFigure
def _29(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_value, _type_resolution, _type_text, _type_line, _dflt_line, _type_column, _dflt_column):
    def __init__(self,value:_type_value,resolution:_type_resolution,text:_type_text,line:_type_line=_dflt_line,column:_type_column=_dflt_column)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'value',value)
      __dataclass_builtins_object__.__setattr__(self,'resolution',resolution)
      __dataclass_builtins_object__.__setattr__(self,'text',text)
      __dataclass_builtins_object__.__setattr__(self,'line',line)
      __dataclass_builtins_object__.__setattr__(self,'column',column)
    return __init__


# model.InfoFlow
def _30(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_source, _type_target, _type_label, _dflt_label, _type_kind, _dflt_kind):
    def __init__(self,source:_type_source,target:_type_target,label:_type_label=_dflt_label,kind:_type_kind=_dflt_kind)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'source',source)
      __dataclass_builtins_object__.__setattr__(self,'target',target)
      __dataclass_builtins_object__.__setattr__(self,'label',label)
      __dataclass_builtins_object__.__setattr__(self,'kind',kind)
    return __init__


# model.Measured
def _31(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_items, _type_statistic, _dflt_statistic, _type_sources, _dflt_sources, _type_since, _dflt_since, _type_until, _dflt_until, _type_period, _dflt_period, _type_in_progress, _dflt_in_progress, _type_rework, _dflt_rework, _type_lead_time_p50, _dflt_lead_time_p50, _type_lead_time_p85, _dflt_lead_time_p85, _type_lead_time_mean, _dflt_lead_time_mean, _type_histogram_width, _dflt_histogram_width, _type_histogram, _dflt_histogram, _type_unmapped, _dflt_unmapped, _type_steps, _dflt_steps):
    def __init__(self,items:_type_items,statistic:_type_statistic=_dflt_statistic,sources:_type_sources=_dflt_sources,since:_type_since=_dflt_since,until:_type_until=_dflt_until,period:_type_period=_dflt_period,in_progress:_type_in_progress=_dflt_in_progress,rework:_type_rework=_dflt_rework,lead_time_p50:_type_lead_time_p50=_dflt_lead_time_p50,lead_time_p85:_type_lead_time_p85=_dflt_lead_time_p85,lead_time_mean:_type_lead_time_mean=_dflt_lead_time_mean,histogram_width:_type_histogram_width=_dflt_histogram_width,histogram:_type_histogram=_dflt_histogram,unmapped:_type_unmapped=_dflt_unmapped,steps:_type_steps=_dflt_steps)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'items',items)
      __dataclass_builtins_object__.__setattr__(self,'statistic',statistic)
      __dataclass_builtins_object__.__setattr__(self,'sources',sources)
      __dataclass_builtins_object__.__setattr__(self,'since',since)
      __dataclass_builtins_object__.__setattr__(self,'until',until)
      __dataclass_builtins_object__.__setattr__(self,'period',period)
      __dataclass_builtins_object__.__setattr__(self,'in_progress',in_progress)
      __dataclass_builtins_object__.__setattr__(self,'rework',rework)
      __dataclass_builtins_object__.__setattr__(self,'lead_time_p50',lead_time_p50)
      __dataclass_builtins_object__.__setattr__(self,'lead_time_p85',lead_time_p85)
      __dataclass_builtins_object__.__setattr__(self,'lead_time_mean',lead_time_mean)
      __dataclass_builtins_object__.__setattr__(self,'histogram_width',histogram_width)
      __dataclass_builtins_object__.__setattr__(self,'histogram',histogram)
      __dataclass_builtins_object__.__setattr__(self,'unmapped',unmapped)
      __dataclass_builtins_object__.__setattr__(self,'steps',steps)
    return __init__


# model.MeasuredStep
def _32(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_id, _type_visited, _dflt_visited, _type_wait_p50, _dflt_wait_p50, _type_wait_p85, _dflt_wait_p85, _type_process_p50, _dflt_process_p50, _type_process_p85, _dflt_process_p85):
    def __init__(self,id:_type_id,visited:_type_visited=_dflt_visited,wait_p50:_type_wait_p50=_dflt_wait_p50,wait_p85:_type_wait_p85=_dflt_wait_p85,process_p50:_type_process_p50=_dflt_process_p50,process_p85:_type_process_p85=_dflt_process_p85)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'id',id)
      __dataclass_builtins_object__.__setattr__(self,'visited',visited)
      __dataclass_builtins_object__.__setattr__(self,'wait_p50',wait_p50)
      __dataclass_builtins_object__.__setattr__(self,'wait_p85',wait_p85)
      __dataclass_builtins_object__.__setattr__(self,'process_p50',process_p50)
      __dataclass_builtins_object__.__setattr__(self,'process_p85',process_p85)
    return __init__


# model.Rate
def _33(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_amount, _type_period, _type_text, _dflt_text):
    def __init__(self,amount:_type_amount,period:_type_period,text:_type_text=_dflt_text)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'amount',amount)
      __dataclass_builtins_object__.__setattr__(self,'period',period)
      __dataclass_builtins_object__.__setattr__(self,'text',text)
    return __init__


# model.Rework
def _34(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_to, _type_rate):
    def __init__(self,to:_type_to,rate:_type_rate)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'to',to)
      __dataclass_builtins_object__.__setattr__(self,'rate',rate)
    return __init__


# model.Step
def _35(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_id, _type_name, _type_owner, _dflt_owner, _type_after, _dflt_after, _type_wait_time, _dflt_wait_time, _type_process_time, _dflt_process_time, _type_value_adding, _dflt_value_adding, _type_wait_reason, _dflt_wait_reason, _type_informal_wait, _dflt_informal_wait, _type_complete_accurate, _dflt_complete_accurate, _type_rework, _dflt_rework, _type_inventory, _dflt_inventory, _type_people, _dflt_people, _type_changeover, _dflt_changeover, _type_uptime, _dflt_uptime, _type_notes, _dflt_notes, _type_kaizen, _dflt_kaizen, _type_wait_statuses, _dflt_wait_statuses, _type_active_statuses, _dflt_active_statuses, _type_flow, _dflt_flow, _type_fifo_max, _dflt_fifo_max, _type_kanban, _dflt_kanban, _type_given, _dflt_given):
    def __init__(self,id:_type_id,name:_type_name,owner:_type_owner=_dflt_owner,after:_type_after=_dflt_after,wait_time:_type_wait_time=_dflt_wait_time,process_time:_type_process_time=_dflt_process_time,value_adding:_type_value_adding=_dflt_value_adding,wait_reason:_type_wait_reason=_dflt_wait_reason,informal_wait:_type_informal_wait=_dflt_informal_wait,complete_accurate:_type_complete_accurate=_dflt_complete_accurate,rework:_type_rework=_dflt_rework,inventory:_type_inventory=_dflt_inventory,people:_type_people=_dflt_people,changeover:_type_changeover=_dflt_changeover,uptime:_type_uptime=_dflt_uptime,notes:_type_notes=_dflt_notes,kaizen:_type_kaizen=_dflt_kaizen,wait_statuses:_type_wait_statuses=_dflt_wait_statuses,active_statuses:_type_active_statuses=_dflt_active_statuses,flow:_type_flow=_dflt_flow,fifo_max:_type_fifo_max=_dflt_fifo_max,kanban:_type_kanban=_dflt_kanban,given:_type_given=_dflt_given)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'id',id)
      __dataclass_builtins_object__.__setattr__(self,'name',name)
      __dataclass_builtins_object__.__setattr__(self,'owner',owner)
      __dataclass_builtins_object__.__setattr__(self,'after',after)
      __dataclass_builtins_object__.__setattr__(self,'wait_time',wait_time)
      __dataclass_builtins_object__.__setattr__(self,'process_time',process_time)
      __dataclass_builtins_object__.__setattr__(self,'value_adding',value_adding)
      __dataclass_builtins_object__.__setattr__(self,'wait_reason',wait_reason)
      __dataclass_builtins_object__.__setattr__(self,'informal_wait',informal_wait)
      __dataclass_builtins_object__.__setattr__(self,'complete_accurate',complete_accurate)
      __dataclass_builtins_object__.__setattr__(self,'rework',rework)
      __dataclass_builtins_object__.__setattr__(self,'inventory',inventory)
      __dataclass_builtins_object__.__setattr__(self,'people',people)
      __dataclass_builtins_object__.__setattr__(self,'changeover',changeover)
      __dataclass_builtins_object__.__setattr__(self,'uptime',uptime)
      __dataclass_builtins_object__.__setattr__(self,'notes',notes)
      __dataclass_builtins_object__.__setattr__(self,'kaizen',kaizen)
      __dataclass_builtins_object__.__setattr__(self,'wait_statuses',wait_statuses)
      __dataclass_builtins_object__.__setattr__(self,'active_statuses',active_statuses)
      __dataclass_builtins_object__.__setattr__(self,'flow',flow)
      __dataclass_builtins_object__.__setattr__(self,'fifo_max',fifo_max)
      __dataclass_builtins_object__.__setattr__(self,'kanban',kanban)
      __dataclass_builtins_object__.__setattr__(self,'given',given)
    return __init__


# model.UnmappedStatus
def _36(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_status, _type_share, _type_items, _dflt_items):
    def __init__(self,status:_type_status,share:_type_share,items:_type_items=_dflt_items)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'status',status)
      __dataclass_builtins_object__.__setattr__(self,'share',share)
      __dataclass_builtins_object__.__setattr__(self,'items',items)
    return __init__


# model.ValueStreamMap
def _37(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_steps, _type_title, _dflt_title, _type_vsm, _dflt_vsm, _type_state, _dflt_state, _type_date, _dflt_date, _type_boundaries, _dflt_boundaries, _type_unit, _dflt_unit, _type_calendar, _dflt_calendar, _type_supplier, _dflt_supplier, _type_customer, _dflt_customer, _type_supplier_delivery, _dflt_supplier_delivery, _type_supplier_data, _dflt_supplier_data, _type_customer_delivery, _dflt_customer_delivery, _type_customer_data, _dflt_customer_data, _type_demand, _dflt_demand, _type_available_time, _dflt_available_time, _type_domain, _dflt_domain, _type_info_flows, _dflt_info_flows, _type_end_statuses, _dflt_end_statuses, _type_measured, _dflt_measured, _type_declared, _dflt_declared, _type_warnings, _dflt_warnings):
    def __init__(self,steps:_type_steps,title:_type_title=_dflt_title,vsm:_type_vsm=_dflt_vsm,state:_type_state=_dflt_state,date:_type_date=_dflt_date,boundaries:_type_boundaries=_HAS_DEFAULT_FACTORY,unit:_type_unit=_dflt_unit,calendar:_type_calendar=_HAS_DEFAULT_FACTORY,supplier:_type_supplier=_dflt_supplier,customer:_type_customer=_dflt_customer,supplier_delivery:_type_supplier_delivery=_dflt_supplier_delivery,supplier_data:_type_supplier_data=_dflt_supplier_data,customer_delivery:_type_customer_delivery=_dflt_customer_delivery,customer_data:_type_customer_data=_dflt_customer_data,demand:_type_demand=_dflt_demand,available_time:_type_available_time=_dflt_available_time,domain:_type_domain=_dflt_domain,info_flows:_type_info_flows=_dflt_info_flows,end_statuses:_type_end_statuses=_dflt_end_statuses,measured:_type_measured=_dflt_measured,declared:_type_declared=_HAS_DEFAULT_FACTORY,warnings:_type_warnings=_dflt_warnings)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'steps',steps)
      __dataclass_builtins_object__.__setattr__(self,'title',title)
      __dataclass_builtins_object__.__setattr__(self,'vsm',vsm)
      __dataclass_builtins_object__.__setattr__(self,'state',state)
      __dataclass_builtins_object__.__setattr__(self,'date',date)
      __dataclass_builtins_object__.__setattr__(self,'boundaries',_dflt_boundaries() if boundaries is _HAS_DEFAULT_FACTORY else boundaries)
      __dataclass_builtins_object__.__setattr__(self,'unit',unit)
      __dataclass_builtins_object__.__setattr__(self,'calendar',_dflt_calendar() if calendar is _HAS_DEFAULT_FACTORY else calendar)
      __dataclass_builtins_object__.__setattr__(self,'supplier',supplier)
      __dataclass_builtins_object__.__setattr__(self,'customer',customer)
      __dataclass_builtins_object__.__setattr__(self,'supplier_delivery',supplier_delivery)
      __dataclass_builtins_object__.__setattr__(self,'supplier_data',supplier_data)
      __dataclass_builtins_object__.__setattr__(self,'customer_delivery',customer_delivery)
      __dataclass_builtins_object__.__setattr__(self,'customer_data',customer_data)
      __dataclass_builtins_object__.__setattr__(self,'demand',demand)
      __dataclass_builtins_object__.__setattr__(self,'available_time',available_time)
      __dataclass_builtins_object__.__setattr__(self,'domain',domain)
      __dataclass_builtins_object__.__setattr__(self,'info_flows',info_flows)
      __dataclass_builtins_object__.__setattr__(self,'end_statuses',end_statuses)
      __dataclass_builtins_object__.__setattr__(self,'measured',measured)
      __dataclass_builtins_object__.__setattr__(self,'declared',_dflt_declared() if declared is _HAS_DEFAULT_FACTORY else declared)
      __dataclass_builtins_object__.__setattr__(self,'warnings',warnings)
      self.__post_init__()
    return __init__


# themes.Theme
def _38(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_name, _type_ink, _type_muted, _type_paper, _type_va_fill, _type_nva_fill, _type_nva_line, _type_queue_fill, _type_bottleneck, _type_bottleneck_text, _type_info, _type_kaizen, _type_wait_bar, _type_work_bar, _type_header_fill, _type_ghost, _type_changed):
    def __init__(self,name:_type_name,ink:_type_ink,muted:_type_muted,paper:_type_paper,va_fill:_type_va_fill,nva_fill:_type_nva_fill,nva_line:_type_nva_line,queue_fill:_type_queue_fill,bottleneck:_type_bottleneck,bottleneck_text:_type_bottleneck_text,info:_type_info,kaizen:_type_kaizen,wait_bar:_type_wait_bar,work_bar:_type_work_bar,header_fill:_type_header_fill,ghost:_type_ghost,changed:_type_changed)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'name',name)
      __dataclass_builtins_object__.__setattr__(self,'ink',ink)
      __dataclass_builtins_object__.__setattr__(self,'muted',muted)
      __dataclass_builtins_object__.__setattr__(self,'paper',paper)
      __dataclass_builtins_object__.__setattr__(self,'va_fill',va_fill)
      __dataclass_builtins_object__.__setattr__(self,'nva_fill',nva_fill)
      __dataclass_builtins_object__.__setattr__(self,'nva_line',nva_line)
      __dataclass_builtins_object__.__setattr__(self,'queue_fill',queue_fill)
      __dataclass_builtins_object__.__setattr__(self,'bottleneck',bottleneck)
      __dataclass_builtins_object__.__setattr__(self,'bottleneck_text',bottleneck_text)
      __dataclass_builtins_object__.__setattr__(self,'info',info)
      __dataclass_builtins_object__.__setattr__(self,'kaizen',kaizen)
      __dataclass_builtins_object__.__setattr__(self,'wait_bar',wait_bar)
      __dataclass_builtins_object__.__setattr__(self,'work_bar',work_bar)
      __dataclass_builtins_object__.__setattr__(self,'header_fill',header_fill)
      __dataclass_builtins_object__.__setattr__(self,'ghost',ghost)
      __dataclass_builtins_object__.__setattr__(self,'changed',changed)
    return __init__


# yamlsource.YMap, yamlsource.YSeq
def _39(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_items, _type_line, _type_column):
    def __init__(self,items:_type_items,line:_type_line,column:_type_column)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'items',items)
      __dataclass_builtins_object__.__setattr__(self,'line',line)
      __dataclass_builtins_object__.__setattr__(self,'column',column)
    return __init__


# yamlsource.YScalar
def _40(__dataclass_builtins_object__, _HAS_DEFAULT_FACTORY, _return_type, _type_value, _type_text, _type_line, _type_column):
    def __init__(self,value:_type_value,text:_type_text,line:_type_line,column:_type_column)->_return_type:
      __dataclass_builtins_object__.__setattr__(self,'value',value)
      __dataclass_builtins_object__.__setattr__(self,'text',text)
      __dataclass_builtins_object__.__setattr__(self,'line',line)
      __dataclass_builtins_object__.__setattr__(self,'column',column)
    return __init__


INITS = {
    ('self', False, ('file', True, False, False, False), ('line', True, False, False, False), ('column', True, False, False, False), ('message', True, False, False, False), ('field', True, True, False, False), ('step', True, True, False, False)): _0,
    ('self', False, ('name', True, False, False, False), ('kind', True, False, False, False), ('description', True, False, False, False), ('example', True, True, False, False), ('required', True, True, False, False), ('default', True, True, False, False), ('choices', True, True, False, False), ('max_length', True, True, False, False), ('minimum', True, True, False, False), ('maximum', True, True, False, False), ('needs', True, True, False, False)): _1,
    ('self', False, ('critical_path', True, False, False, False), ('slack', True, False, False, False), ('visits', True, False, False, False), ('lead_time_with_rework', True, False, False, False), ('process_time_with_rework', True, False, False, False), ('rework_path', True, False, False, False), ('loops', True, False, False, False)): _2,
    ('self', False, ('source', True, False, False, False), ('target', True, False, False, False), ('rate', True, False, False, False), ('steps', True, False, False, False)): _3,
    ('self', False, ('loop', True, False, False, False), ('passes', True, False, False, False), ('lead_time', True, False, False, False), ('process_time', True, False, False, False)): _4,
    ('self', False, ('name', True, False, False, False), ('extension', True, False, False, False), ('media_type', True, False, False, False), ('binary', True, False, False, False), ('product', True, False, False, False), ('uses', True, False, False, False), ('aliases', True, True, False, False)): _5,
    ('self', False, ('steps', True, False, False, False), ('sources', True, False, False, False), ('targets', True, False, False, False), ('fork', True, False, False, False), ('join', True, False, False, False), ('lane', True, False, False, False)): _6,
    ('self', False, ('main', True, False, False, False), ('branches', True, False, False, False), ('over', True, False, False, False), ('under', True, False, False, False), ('shortcuts', True, True, False, False), ('incoming', True, True, False, False), ('cross', True, True, False, False), ('under_cross', True, True, False, False), ('stacked', True, True, False, False)): _7,
    ('self', False, ('vsm', True, False, False, False), ('metrics', True, False, False, False), ('words', True, True, False, False)): _8,
    ('self', False, ('supplier', True, False, False, False), ('customer', True, False, False, False), ('flows', True, False, False, False), ('elsewhere', True, True, False, False)): _9,
    ('self', False, ('count', True, False, False, False), ('spacing', True, False, False, False)): _10,
    ('self', False, ('key', True, False, False, False), ('words', True, False, False, False), ('used', True, False, False, False), ('draw', True, False, False, False)): _11,
    ('self', False, ('name', True, False, False, False), ('key', True, False, False, False), ('value', True, False, False, False), ('was', True, True, False, False), ('stacked', True, True, False, False)): _12,
    ('self', False, ('header_h', True, False, False, False), ('queue_lines', True, False, False, False)): _13,
    ('self', False, ('step', True, False, False, False), ('slug', True, False, False, False), ('box_w', True, False, False, False), ('data_h', True, False, False, False), ('name', True, False, False, False), ('owner', True, False, False, False), ('rows', True, False, False, False), ('notes', True, False, False, False), ('queue', True, False, False, False), ('wait_time', True, False, False, False), ('process_time', True, False, False, False), ('wait', True, False, False, False), ('wait_extra', True, False, False, False), ('reason', True, False, False, False), ('over_takt', True, True, False, False), ('was', True, False, True, False), ('before', True, True, False, False), ('queue_w', True, True, False, False)): _14,
    ('self', False, ('step', True, False, False, False), ('x0', True, False, False, False), ('x1', True, False, False, False), ('row', True, True, False, False), ('name', True, True, False, False), ('slug', True, True, False, False)): _15,
    ('self', False, ('id', True, False, False, False), ('role', True, False, False, False), ('cx', True, False, False, False), ('cy', True, False, False, False), ('rx', True, False, False, False), ('ry', True, False, False, False), ('fill', True, True, False, False), ('stroke', True, True, False, False), ('width', True, True, False, False)): _16,
    ('self', False, ('id', True, False, False, False), ('role', True, False, False, False), ('points', True, False, False, False), ('color', True, False, False, False), ('width', True, True, False, False), ('dash', True, True, False, False), ('closed', True, True, False, False), ('arrow', True, True, False, False)): _17,
    ('self', False, ('id', True, False, False, False), ('role', True, False, False, False), ('points', True, False, False, False), ('fill', True, False, False, False), ('stroke', True, True, False, False), ('width', True, True, False, False), ('dash', True, True, False, False)): _18,
    ('self', False, ('id', True, False, False, False), ('role', True, False, False, False), ('x0', True, False, False, False), ('y0', True, False, False, False), ('x1', True, False, False, False), ('y1', True, False, False, False), ('fill', True, True, False, False), ('stroke', True, True, False, False), ('width', True, True, False, False), ('dash', True, True, False, False)): _19,
    ('self', False, ('index', True, False, False, False), ('y0', True, False, False, False), ('y1', True, False, False, False)): _20,
    ('self', False, ('width', True, False, False, False), ('height', True, False, False, False), ('elements', True, False, False, False), ('columns', True, False, False, False), ('rows', True, False, False, False), ('paper', True, False, False, False), ('title', True, False, False, False), ('desc', True, False, False, False), ('theme', True, True, False, False), ('display_width', True, True, False, False)): _21,
    ('self', True, ('id', True, False, False, False), ('role', True, False, False, False), ('x', True, False, False, False), ('y', True, False, False, False), ('lines', True, False, False, False), ('size', True, False, False, False), ('color', True, False, False, False), ('anchor', True, True, False, False), ('bold', True, True, False, False), ('italic', True, True, False, False), ('width', True, True, False, False)): _22,
    ('self', False, ('min_box_h', True, False, False, False), ('tri_top', True, False, False, False), ('push_dy', True, False, False, False), ('badge_h', True, False, False, False), ('halo', True, False, False, False), ('rework_h', True, True, False, False), ('name_w', True, True, False, False), ('narrow', True, True, False, False)): _23,
    ('self', False, ('kind', True, False, False, False), ('content', True, False, False, False), ('index', True, False, False, False), ('left', True, False, False, False), ('width', True, False, False, False), ('row', True, True, False, False)): _24,
    ('self', False, ('lead_time', True, False, False, False), ('process_time', True, False, False, False), ('wait_time', True, False, False, False), ('flow_efficiency', True, False, False, False), ('value_added_time', True, False, False, False), ('value_added_ratio', True, False, False, False), ('rolled_complete_accurate', True, False, False, False), ('takt_time', True, False, False, False), ('bottleneck', True, False, False, False), ('top_waits', True, False, False, False), ('rating', True, False, False, False), ('lead_time_shares', True, False, False, False), ('critical_path', True, True, False, False), ('total_process_time', True, True, False, False), ('lead_time_with_rework', True, True, False, False), ('process_time_with_rework', True, True, False, False), ('rework_path', True, True, False, False), ('slack', True, True, False, False), ('visits', True, True, False, False), ('loops', True, True, False, False), ('handoffs', True, True, False, False), ('over_takt', True, True, False, False)): _25,
    ('self', False, ('start', True, True, False, False), ('end', True, True, False, False)): _26,
    ('self', False, ('hours_per_day', True, True, False, False), ('days_per_week', True, True, False, False), ('largest_unit', True, True, False, False)): _27,
    ('self', False, ('lead_time', True, True, False, False), ('process_time', True, True, False, False), ('flow_efficiency', True, True, False, False)): _28,
    ('self', False, ('value', True, False, False, False), ('resolution', True, False, False, False), ('text', True, False, False, False), ('line', True, True, False, False), ('column', True, True, False, False)): _29,
    ('self', False, ('source', True, False, False, False), ('target', True, False, False, False), ('label', True, True, False, False), ('kind', True, True, False, False)): _30,
    ('self', False, ('items', True, False, False, False), ('statistic', True, True, False, False), ('sources', True, True, False, False), ('since', True, True, False, False), ('until', True, True, False, False), ('period', True, True, False, False), ('in_progress', True, True, False, False), ('rework', True, True, False, False), ('lead_time_p50', True, True, False, False), ('lead_time_p85', True, True, False, False), ('lead_time_mean', True, True, False, False), ('histogram_width', True, True, False, False), ('histogram', True, True, False, False), ('unmapped', True, True, False, False), ('steps', True, True, False, False)): _31,
    ('self', False, ('id', True, False, False, False), ('visited', True, True, False, False), ('wait_p50', True, True, False, False), ('wait_p85', True, True, False, False), ('process_p50', True, True, False, False), ('process_p85', True, True, False, False)): _32,
    ('self', False, ('amount', True, False, False, False), ('period', True, False, False, False), ('text', True, True, False, False)): _33,
    ('self', False, ('to', True, False, False, False), ('rate', True, False, False, False)): _34,
    ('self', False, ('id', True, False, False, False), ('name', True, False, False, False), ('owner', True, True, False, False), ('after', True, True, False, False), ('wait_time', True, True, False, False), ('process_time', True, True, False, False), ('value_adding', True, True, False, False), ('wait_reason', True, True, False, False), ('informal_wait', True, True, False, False), ('complete_accurate', True, True, False, False), ('rework', True, True, False, False), ('inventory', True, True, False, False), ('people', True, True, False, False), ('changeover', True, True, False, False), ('uptime', True, True, False, False), ('notes', True, True, False, False), ('kaizen', True, True, False, False), ('wait_statuses', True, True, False, False), ('active_statuses', True, True, False, False), ('flow', True, True, False, False), ('fifo_max', True, True, False, False), ('kanban', True, True, False, False), ('given', True, True, False, False)): _35,
    ('self', False, ('status', True, False, False, False), ('share', True, False, False, False), ('items', True, True, False, False)): _36,
    ('self', True, ('steps', True, False, False, False), ('title', True, True, False, False), ('vsm', True, True, False, False), ('state', True, True, False, False), ('date', True, True, False, False), ('boundaries', True, False, True, False), ('unit', True, True, False, False), ('calendar', True, False, True, False), ('supplier', True, True, False, False), ('customer', True, True, False, False), ('supplier_delivery', True, True, False, False), ('supplier_data', True, True, False, False), ('customer_delivery', True, True, False, False), ('customer_data', True, True, False, False), ('demand', True, True, False, False), ('available_time', True, True, False, False), ('domain', True, True, False, False), ('info_flows', True, True, False, False), ('end_statuses', True, True, False, False), ('measured', True, True, False, False), ('declared', True, False, True, False), ('warnings', True, True, False, False)): _37,
    ('self', False, ('name', True, False, False, False), ('ink', True, False, False, False), ('muted', True, False, False, False), ('paper', True, False, False, False), ('va_fill', True, False, False, False), ('nva_fill', True, False, False, False), ('nva_line', True, False, False, False), ('queue_fill', True, False, False, False), ('bottleneck', True, False, False, False), ('bottleneck_text', True, False, False, False), ('info', True, False, False, False), ('kaizen', True, False, False, False), ('wait_bar', True, False, False, False), ('work_bar', True, False, False, False), ('header_fill', True, False, False, False), ('ghost', True, False, False, False), ('changed', True, False, False, False)): _38,
    ('self', False, ('items', True, False, False, False), ('line', True, False, False, False), ('column', True, False, False, False)): _39,
    ('self', False, ('value', True, False, False, False), ('text', True, False, False, False), ('line', True, False, False, False), ('column', True, False, False, False)): _40,
}
